import { ApiError } from '../../src/sim/api/errors.js';

/** Runs `fn` and returns the ApiError it throws; fails if it throws nothing or something else. */
export function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}
