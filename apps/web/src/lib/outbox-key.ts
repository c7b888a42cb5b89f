export const OUTBOX_KEY = 'hvs.outbox.v1';
