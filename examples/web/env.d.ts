interface ImportMetaEnv {
  /** A token for the users list, given to the dev server (see README "A browser app"). */
  readonly VITE_GATEWAY_TOKEN?: string;
}
