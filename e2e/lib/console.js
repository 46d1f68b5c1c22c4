// Steps every console scenario shares, done as a person does them.

const WAIT = { timeout: 20000 };

/** Opens the console fresh (no identity kept in the tab) and signs in as {@code who}. */
export async function signInAs(page, baseUrl, who) {
  await page.goto(`${baseUrl}/console#/sign-in`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in (dev mode)' }).waitFor(WAIT);
  await page.getByLabel('User').fill(who.user);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Tenant id').fill(who.tenant);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Engagements' }).waitFor(WAIT);
}
