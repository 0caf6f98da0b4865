/** Attack detection on HTTP transactions (SPEC section 5, `attack` records). */
export { AttackDetector, type AttackCounters, type AttackDetectorOptions } from './detector';
export { DEFAULT_ATTACK_LIMITS, type AttackLimits } from './budget';
