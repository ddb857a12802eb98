import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Principal } from '../shared/auth/principal';
import { findKey, generateKey, listKeys, newKeyId, revokeKey, saveKey } from '../shared/auth/keys';

/** The development key: company 1, every company allowed. */
export const DEV_PRINCIPAL: Principal = {
  name: 'development',
  id: 'key:dev',
  companyId: 1,
  allowedCompanyIds: 'all',
};

/**
 * The development key of this data folder: the one saved in `file` while the database still knows
 * it, else a new one, saved there (readable by the owner only). A new one replaces the previous
 * development key, which is revoked.
 */
export async function ensureDevKey(file?: string): Promise<string> {
  if (file && existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    const record = saved ? await findKey(saved) : null;
    if (record && !record.revokedAt) return saved;
  }
  const now = new Date();
  for (const previous of await listKeys()) {
    if (previous.principal.id === DEV_PRINCIPAL.id && !previous.revokedAt) await revokeKey(previous.keyId, now);
  }
  const key = generateKey();
  await saveKey(key, { keyId: `dev-${newKeyId()}`, principal: DEV_PRINCIPAL, createdAt: now.toISOString() });
  if (file) writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
