// Reads the simulator's network events ("S1 sent #12 AppendEntries to S2", "S2 received #12 …",
// "#12 AppendEntries S1→S2 was dropped: …") back into data for the views that draw messages.

const SENT = /^S(\d+) sent #(\d+) (\S+) to S(\d+)$/;
const RECEIVED = /^S(\d+) received #(\d+) (\S+) from S(\d+)$/;
const DROPPED = /^#(\d+) (\S+) S(\d+)→S(\d+) was dropped: (.*)$/;

/** `{what: 'sent'|'received'|'dropped', id, type, from, to, reason?}`, or null. */
export function parseNetworkEvent(event) {
  if (event.category !== 'network') return null;
  let match = SENT.exec(event.text);
  if (match) return { what: 'sent', id: Number(match[2]), type: match[3], from: Number(match[1]), to: Number(match[4]) };
  match = RECEIVED.exec(event.text);
  if (match) return { what: 'received', id: Number(match[2]), type: match[3], from: Number(match[4]), to: Number(match[1]) };
  match = DROPPED.exec(event.text);
  if (match) {
    return { what: 'dropped', id: Number(match[1]), type: match[2], from: Number(match[3]), to: Number(match[4]), reason: match[5] };
  }
  return null;
}
