import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SETUP_SCRIPT = fileURLToPath(new URL('../scripts/setup-binaries.sh', import.meta.url));

/**
 * Path of a native server binary (`temporal` or `jaeger`), building it into
 * the cache on first use. Throws with the script's last error line.
 */
export function nativeBinary(name: 'temporal' | 'jaeger'): string {
  try {
    return execFileSync('bash', [SETUP_SCRIPT, name], {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    }).trim();
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    const reason = stderr.trim().split('\n').pop() || (err as Error).message;
    throw new Error(`cannot obtain the ${name} binary: ${reason}`);
  }
}
