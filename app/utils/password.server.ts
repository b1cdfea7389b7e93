import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (m=19 MiB, t=2, p=1): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when no account matches, so an unknown e-mail costs as much time as a known one.
const UNUSABLE_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Ieo6la34g59MEBYBAda9iA$Y1UsiQgdq+XbWWgaGD1T3KSaykorSF9N2riNmFNiBBA";

export async function passwordMatches(passwordHash: string | null, password: string): Promise<boolean> {
  const matches = await verify(passwordHash ?? UNUSABLE_HASH, password).catch(() => false);
  return passwordHash !== null && matches;
}
