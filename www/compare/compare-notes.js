// Explanations tied to what just happened: when a pane's leader changes, a short note says how
// that protocol recovered the log, with the numbers the core reported in its event.
//   Raft: only a server whose log was at least as up to date as a majority's could win; no
//   entries moved during the election (the new leader's log is the log).
//   Multi-Paxos: any server could win with a higher ballot; its phase 1 collected the values
//   acceptors had accepted, it re-proposed them under its own ballot and filled holes with
//   no-ops before taking new commands.
import { find, html, setText } from '../page/dom.js';
import { formatTime } from '../page/format.js';
import { PROTOCOL_NAMES } from '../sim/protocols.js';
/** @import { ComparisonFrame, Protocol } from '../sim/types.js' */

/** How many notes stay on screen: the latest ones, oldest first (newest at the bottom, as in
 * the event log). */
const NOTES_MAX = 6;

const RAFT_LEADER = /^S(\d+) became leader for term (\d+)(?: with (\d+) votes?)?/;
const PAXOS_LEADER = /^S(\d+) became leader with ballot (\S+?):(?: promises from ([^;]+);)?\s*(.*)$/;
const RECOVERED = /(\d+) recovered values?, (\d+) no-ops?/;
const SLOTS = /slots? (\d+)(?:–(\d+))?/;

/** The note for one "became leader" event of `protocol`, or null if it is not one.
 * @param {Protocol} protocol
 * @param {{category: string, text: string}} event
 */
export function leaderNote(protocol, event) {
  if (event.category !== 'role') return null;
  if (protocol === 'raft') {
    const match = RAFT_LEADER.exec(event.text);
    if (!match) return null;
    const [, id, term, votes] = match;
    return `S${id} won term ${term}${votes ? ` with ${votes} votes` : ''}. Raft: only a server whose log was at least as up to date as a majority's could win, so S${id} already held every committed entry; no entries moved during the election. Followers that disagree are overwritten from S${id}'s log afterwards.`;
  }
  const match = PAXOS_LEADER.exec(event.text);
  if (!match) return null;
  const [, id, ballot, promises, rest] = match;
  const recovered = RECOVERED.exec(rest);
  const slots = SLOTS.exec(rest);
  const from = promises ? ` (promises from ${promises})` : '';
  if (!recovered) {
    return `S${id} won ballot ${ballot}${from}. Multi-Paxos: any server can win with a higher ballot; its phase 1 asked the acceptors for the values they had accepted, and there was nothing to recover, so new commands flow at once.`;
  }
  const [, values, noops] = recovered;
  const range = slots ? ` for slots ${slots[1]}${slots[2] ? `–${slots[2]}` : ''}` : '';
  return `S${id} won ballot ${ballot}${from}. Multi-Paxos: its phase 1 collected the accepted values${range}; it re-proposes ${values} recovered value${values === '1' ? '' : 's'} under its own ballot and fills ${noops} hole${noops === '1' ? '' : 's'} with no-ops before any new command.`;
}

export class CompareNotes {
  /** @param {HTMLElement} section holds ol.notes-list */
  constructor(section) {
    this.list = find(section, '.notes-list', HTMLOListElement);
    this.empty = find(section, '.notes-empty', HTMLElement);
    this.seen = '';
    this.key = '';
  }

  /** The notes come from each pane's election markers up to now (landmarks.js gathers them
   * along the branch, so they survive seeking back and forth).
   * @param {ComparisonFrame} frame
   */
  update(frame) {
    const seen = `${frame.panes.map((own) => own.landmarks.version).join()} ${frame.jumped ? frame.nowUs : ''}`;
    if (seen === this.seen) return;
    this.seen = seen;
    const notes = [];
    for (const { pane, landmarks } of frame.panes) {
      let found = 0;
      for (let i = landmarks.marks.length - 1; i >= 0 && found < NOTES_MAX; i -= 1) {
        const mark = landmarks.marks[i];
        if (mark.kind !== 'election' || mark.timeUs > frame.nowUs) continue;
        const text = leaderNote(pane.protocol, { category: 'role', text: mark.text });
        if (!text) continue;
        found += 1;
        notes.push({ id: `${pane.protocol}:${mark.step}`, protocol: pane.protocol, timeUs: mark.timeUs, text });
      }
    }
    notes.sort((a, b) => b.timeUs - a.timeUs || a.protocol.localeCompare(b.protocol));
    notes.length = Math.min(notes.length, NOTES_MAX);
    notes.reverse();
    const key = notes.map((note) => note.id).join();
    if (key === this.key) return;
    this.key = key;
    this.list.replaceChildren(...notes.map((note) => {
      const item = html('li', { class: `note note-${note.protocol}` });
      item.append(html('strong', {}, `${PROTOCOL_NAMES[note.protocol]}, ${formatTime(note.timeUs)}: `), note.text);
      return item;
    }));
    setText(this.empty, notes.length ? '' : 'No leader change yet.');
  }
}
