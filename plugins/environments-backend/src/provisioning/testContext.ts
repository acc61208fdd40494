import { JsonObject, JsonValue } from '@backstage/types';
import { ProvisioningContext } from './types';

/** Thrown by {@link memoryContext} to stand for the backend dying at that point. */
export class SimulatedCrash extends Error {}

/**
 * Checkpoints kept in `progress`, as the store keeps them. `crash` stops the run at a step:
 * `before-save` once the step's work is done but before its result is recorded, `after-save`
 * right after it is recorded (between two steps).
 */
export function memoryContext(
  progress: JsonObject,
  crash?: { step: string; when: 'before-save' | 'after-save' },
): ProvisioningContext {
  return {
    async checkpoint<T extends JsonValue>(key: string, fn: () => Promise<T>) {
      if (key in progress) {
        return progress[key] as T;
      }
      const result = await fn();
      if (crash?.step === key && crash.when === 'before-save') {
        throw new SimulatedCrash(`crash before saving ${key}`);
      }
      progress[key] = result;
      if (crash?.step === key && crash.when === 'after-save') {
        throw new SimulatedCrash(`crash after saving ${key}`);
      }
      return result;
    },
  };
}
