import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { SCRYPT, hashPassword, verifyPassword } from '../../shared/auth/passwords';

test('a password matches its own hash, and a wrong one does not', async () => {
  const hash = await hashPassword('correct horse battery');
  assert.equal(await verifyPassword('correct horse battery', hash), true);
  assert.equal(await verifyPassword('correct horse batter', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('hashes are salted: one password hashes differently each time, and the hash does not contain it', async () => {
  const [a, b] = [await hashPassword('same password'), await hashPassword('same password')];
  assert.notEqual(a, b);
  assert.ok(!a.includes('same password'));
  assert.match(a, new RegExp(`^scrypt\\$${SCRYPT.N}\\$${SCRYPT.r}\\$${SCRYPT.p}\\$[\\w-]{22}\\$[\\w-]{43}$`));
});

test('a hash carries its own cost, so hashes made with another cost still verify', async () => {
  const salt = randomBytes(16);
  const hash = scryptSync('old password', salt, 64, { N: 1024, r: 8, p: 2 });
  const stored = `scrypt$1024$8$2$${salt.toString('base64url')}$${hash.toString('base64url')}`;
  assert.equal(await verifyPassword('old password', stored), true);
  assert.equal(await verifyPassword('new password', stored), false);
});

test('a stored text that is not a usable hash never matches', async () => {
  for (const stored of ['', 'plain text', 'scrypt$3$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA', 'scrypt$1024$8$1$$aGFzaA', 'bcrypt$1$2$3$4$5']) {
    assert.equal(await verifyPassword('plain text', stored), false, stored);
  }
});

test('passwords are compared as Unicode text: composed and decomposed forms are the same password', async () => {
  const hash = await hashPassword('caf\u00e9 au lait');
  assert.equal(await verifyPassword('cafe\u0301 au lait', hash), true);
});
