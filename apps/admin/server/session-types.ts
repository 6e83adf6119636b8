// What the admin keeps in a session (declaration merging with express-session).
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    reviewerId?: number;
    reviewerEmail?: string;
  }
}

export {};
