declare global {
  namespace App {
    interface Error {
      code?: string;
    }
    interface Locals {
      /** the cookie header for API calls, when the session was renewed during this request */
      cookie?: string;
    }
  }
}

export {};
