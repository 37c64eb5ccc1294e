// Who a request is from, once its bearer token is verified (auth/authenticator.ts); null when anonymous.
export interface Viewer {
  accountId: string;
  email: string;
  name: string | null;
  subject: string;
  isSystemAdmin: boolean;
}
