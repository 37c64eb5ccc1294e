// The provisioner the provisioner tests share: the file's own, with a pool of 10 for the concurrent creates.
import { afterEach } from 'vitest';
import { useProvisioner } from '../../../../helpers/provisioner.js';

let n = 0;
export const slug = (base = 'co') => `${base}-${++n}-${Date.now().toString(36)}`;
export const schemaOf = (s: string) => `tenant_${s.replaceAll('-', '_')}`;

/** Registers the file's provisioner; a fault a test injects ends with that test. Call at the top of a test file. */
export function useProvisionerUnderTest() {
  const t = useProvisioner({ poolMax: 10 });
  afterEach(() => {
    t.current.fault = undefined;
  });
  return t;
}
