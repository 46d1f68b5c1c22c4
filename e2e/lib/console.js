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

/**
 * Scenarios that build on each other (one page, one story): after one fails, the later ones say why they
 * cannot pass instead of timing out one by one, and a screenshot of the failure is kept. An
 * {@code independent} scenario runs whatever happened before it.
 */
export function scenarioChain(test, assert, shot) {
  let failed = null;
  return (name, fn, { independent = false } = {}) => test(name, async () => {
    if (failed && !independent) assert.fail(`not run: it needs the earlier scenario "${failed}", which failed`);
    try {
      await fn();
    } catch (e) {
      failed ??= name;
      await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
      throw e;
    }
  });
}
