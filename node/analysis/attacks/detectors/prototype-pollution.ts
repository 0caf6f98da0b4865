import type { RequestPoint } from '../../../records/types';

/**
 * Prototype pollution written as nesting rather than as one name: a JSON body
 * `{"constructor":{"prototype":{"isAdmin":true}}}` gives the key `prototype` at
 * `["json","constructor","prototype"]`, and a merge that walks it writes into Object.prototype.
 * (`__proto__` and `constructor[prototype]` as one name are code-injection.ts's.)
 */
export function isPrototypeChain(point: RequestPoint): boolean {
  const n = point.length;
  return n >= 2 && point[n - 1] === 'prototype' && point[n - 2] === 'constructor';
}
