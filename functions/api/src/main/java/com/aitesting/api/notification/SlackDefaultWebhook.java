package com.aitesting.api.notification;

/**
 * Whether this deployment has a default Slack webhook (SLACK_WEBHOOK), which the notifier uses for tenants
 * without their own. The API only needs to know THAT there is one: it never keeps, returns or logs the URL.
 */
public record SlackDefaultWebhook(boolean configured) {}
