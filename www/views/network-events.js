// The simulator's network events as data for the views that draw messages: each event of
// category "network" carries its message (id, ends, type) and what happened to it.

/** @import { SimEvent } from '../sim/types.js' */

/** `{what: 'sent'|'received'|'dropped', id, type, from, to, reason?}`, or null.
 * @param {SimEvent} event
 */
export function parseNetworkEvent(event) {
  const message = event.category === 'network' ? event.message : null;
  if (!message) return null;
  const what = message.what === 'delivered' ? 'received' : message.what;
  const parsed = { what, id: message.id, type: message.type, from: message.from, to: message.to };
  return message.reason ? { ...parsed, reason: message.reason } : parsed;
}
