// The guided tour's chapters, as data: each a scenario (a preset, perhaps changed) and its
// steps. A step waits for a moment of the real run (a simulated time, or the next event whose
// text matches), then shows its caption and points at servers and log entries. A question is
// asked before the run reveals its answer: the next step's moment is the reveal, and `verify`
// says what the engine must show there (the tour's test checks it against every run).
/** @import { Highlight } from '../sim/types.js' */

/**
 * @typedef {object} Moment when a step is shown: at a simulated time, or at the next event
 *   (after the previous step's moment) whose text matches `event`, within `limitMs`
 * @property {number} [atMs]
 * @property {string} [event] a regular expression, matched against the event's text
 * @property {number} [limitMs]
 */

/**
 * @typedef {object} Verify what the state must be when a question's answer is revealed (or,
 *   with `asked`, when the question is asked)
 * @property {boolean} [asked] checked at the question's own moment
 * @property {number | null} [leader] the server that leads (null: nobody)
 * @property {{server: number, below: number}} [uncommitted] that server's commit index is below
 * @property {{server: number, atLeast: number}} [committed] that server's commit index is at least
 */

/**
 * @typedef {object} Question asked at a step, answered by clicking, revealed by running on
 * @property {string} ask
 * @property {string[]} choices
 * @property {string} answer one of the choices
 * @property {string} why shown once the run has revealed it
 * @property {Verify} verify
 */

/**
 * @typedef {object} Step
 * @property {Moment} [moment] (none: the chapter's start)
 * @property {string} caption
 * @property {Partial<Highlight>} [highlight]
 * @property {Question} [question]
 */

/**
 * @typedef {object} Chapter
 * @property {string} id its name in links (`#tour=figure-8`)
 * @property {string} title
 * @property {{preset: string, change?: Record<string, unknown>}} scenario a preset, with
 *   top-level fields replaced (`options` merged)
 * @property {Step[]} steps
 */

/** @type {Chapter[]} */
export const CHAPTERS = [
  {
    id: 'basics',
    title: 'A cluster, a term, a majority',
    scenario: { preset: 'leader-election' },
    steps: [
      {
        caption: 'Five servers, S1 to S5, each keep a copy of one log of commands. They must agree on it even while some crash. Every decision needs a majority: more than half of them, 3 of 5. Time is cut into terms, numbered; each term has at most one leader. Now, in term 0, nobody leads.',
        highlight: { servers: [1, 2, 3, 4, 5] },
      },
      {
        moment: { event: 'became candidate' },
        caption: 'S2\'s election timer (the blue arc) ran out first: it has heard from no leader, so it starts term 1, votes for itself and asks every other server for its vote (RequestVote).',
        highlight: { servers: [2] },
        question: {
          ask: 'How many votes does S2 need to become leader?',
          choices: ['2', '3', '5'],
          answer: '3',
          why: '3 of 5 is a majority. Two candidates can never both win one term: any two majorities share a server, and a server votes once per term.',
          verify: { leader: 2 },
        },
      },
      {
        moment: { event: 'S2 became leader' },
        caption: 'S2 has 3 votes, its own and two others: it leads term 1. It now sends heartbeats (AppendEntries, often empty) that keep the others from starting elections. The other candidates step down when they hear from it.',
        highlight: { servers: [2] },
      },
    ],
  },
  {
    id: 'split-vote',
    title: 'A split vote',
    scenario: { preset: 'split-vote' },
    steps: [
      {
        caption: 'Four servers this time, so a majority is 3. At 40 ms we make S1 and S3 time out at the very same instant.',
        highlight: { servers: [1, 3] },
      },
      {
        moment: { event: 'S3 became candidate' },
        caption: 'S1 and S3 are both candidates for term 1. Each voted for itself; S2 and S4 each have one vote to give, to whichever asks first.',
        highlight: { servers: [1, 3] },
        question: {
          ask: 'Will anyone win term 1?',
          choices: ['S1', 'S3', 'Nobody'],
          answer: 'Nobody',
          why: 'Each candidate gets at most 2 votes of 4, one short of a majority: term 1 ends without a leader.',
          verify: { leader: null },
        },
      },
      {
        moment: { event: 'became candidate for term 2' },
        caption: 'Nobody won term 1. Every server waits a new random time; S4\'s ran out first, so S4 starts term 2.',
        highlight: { servers: [4] },
      },
      {
        moment: { event: 'S4 became leader for term 2' },
        caption: 'S4 wins term 2. Random timeouts make split votes rare, and short when they happen (§5.2).',
        highlight: { servers: [4] },
      },
    ],
  },
  {
    id: 'replication',
    title: 'Replication and commit',
    scenario: { preset: 'leader-election' },
    steps: [
      {
        moment: { event: 'S2 appended entry 2 \\(term 1\\): a client command' },
        caption: 'A client sent a command to the leader S2, which appended it to its log as entry 2 (term 1). So far the entry is only on S2; the next AppendEntries carry it to the followers.',
        highlight: { servers: [2], entries: [[2, 2]] },
        question: {
          ask: 'Is entry 2 committed now?',
          choices: ['Yes', 'No'],
          answer: 'No',
          why: 'An entry is committed once the leader has stored it on a majority. Until then it could still be lost if S2 crashed.',
          verify: { asked: true, uncommitted: { server: 2, below: 2 } },
        },
      },
      {
        moment: { event: 'S2 committed entry 2' },
        caption: 'Two followers said they stored entry 2: with S2\'s own copy that is 3 of 5, a majority. Entry 2 is committed (a filled cell): it will never be lost, and S2 applies it to its state machine.',
        highlight: { servers: [2], entries: [[1, 2], [2, 2], [3, 2], [4, 2], [5, 2]] },
      },
      {
        moment: { event: 'committed entry 2: leader S2 says so' },
        caption: 'Followers learn the leader\'s commit index from its next AppendEntries, and apply entry 2 too.',
      },
    ],
  },
  {
    id: 'leader-crash',
    title: 'A leader crash',
    scenario: { preset: 'leader-crash' },
    steps: [
      {
        moment: { atMs: 2990 },
        caption: 'S2 leads term 1 while two clients keep writing. In 10 ms, S2 will crash.',
        highlight: { servers: [2] },
      },
      {
        moment: { event: 'user: crash S2' },
        caption: 'S2 crashed. Its term, vote and log are on disk, but it sends nothing now, so the other servers\' election timers run out.',
        highlight: { servers: [2] },
        question: {
          ask: 'Which servers can win the next election?',
          choices: ['Any server', 'Only one whose log holds every committed entry'],
          answer: 'Only one whose log holds every committed entry',
          why: 'A voter refuses a candidate whose log is behind its own (§5.4.1), and every committed entry is on a majority: a winner needs a majority, so it holds them all.',
          verify: { leader: 5 },
        },
      },
      {
        moment: { event: 'became leader for term 2' },
        caption: 'A new leader for term 2, elected by servers whose logs were no longer than its own. The commands S2 had not replicated are lost with it; their clients time out and try again.',
      },
      {
        moment: { event: 'user: restart S2' },
        caption: 'S2 restarts. It learns term 2 from the new leader\'s first message, steps down, and the leader repairs its log.',
        highlight: { servers: [2] },
      },
    ],
  },
  {
    id: 'rejoin',
    title: 'A partition and a rejoining server',
    scenario: { preset: 'rejoin-disrupts' },
    steps: [
      {
        moment: { event: 'user: partition' },
        caption: 'S5 is cut off from the other four. They keep their leader; S5 hears nobody.',
        highlight: { servers: [5] },
      },
      {
        moment: { atMs: 4400 },
        caption: 'Alone, S5 timed out again and again, raising its term each time: it can never win, but nothing stops it counting.',
        highlight: { servers: [5] },
        question: {
          ask: 'When the partition heals, what happens to the leader?',
          choices: ['Nothing: S5 follows it', 'It steps down'],
          answer: 'It steps down',
          why: 'S5\'s answer to the leader\'s heartbeat carries a higher term, and a server that sees a higher term adopts it and becomes follower (§5.1).',
          verify: { leader: null },
        },
      },
      {
        moment: { event: 'became follower in term' },
        caption: 'The leader stepped down: S5\'s term was higher. The cluster now holds an election it did not need, and S5, whose log is behind, cannot even win it.',
      },
      {
        moment: { event: 'became leader' },
        caption: 'A new leader, after a needless interruption. PreVote prevents this: see the next chapter.',
      },
    ],
  },
  {
    id: 'prevote',
    title: 'The same partition with PreVote',
    scenario: { preset: 'rejoin-prevote' },
    steps: [
      {
        moment: { atMs: 4400 },
        caption: 'The same partition, with PreVote on (thesis §9.6). While cut off, S5 only asked whether it could win, without raising its term; nobody answered, so its term stayed put.',
        highlight: { servers: [5] },
        question: {
          ask: 'When the partition heals, what happens to the leader this time?',
          choices: ['Nothing: S5 follows it', 'It steps down'],
          answer: 'Nothing: S5 follows it',
          why: 'S5\'s term is no higher than the leader\'s, so nobody steps down: S5 hears from the leader and follows it.',
          verify: { leader: 2 },
        },
      },
      {
        moment: { atMs: 5200 },
        caption: 'S5 follows the leader. One election in the whole run.',
        highlight: { servers: [5] },
      },
    ],
  },
  {
    id: 'figure-8',
    title: 'Figure 8: why a leader commits only entries of its own term',
    scenario: { preset: 'figure-8' },
    steps: [
      {
        caption: 'The paper\'s Figure 8 (§5.4.2). (a) In term 2, S1 led and copied its entry 2 to S2 only. (b) S1 crashed; S5 won term 3 and wrote a different entry 2 (term 3), which nobody else got. Both entries 2 are uncommitted.',
        highlight: { servers: [1, 5], entries: [[1, 2], [2, 2], [5, 2]] },
      },
      {
        moment: { event: 'S1 became leader for term 4' },
        caption: '(c) S5 crashed too, and S1 won term 4. As leader, it copies its log to the followers, its old entry 2 (term 2) included.',
        highlight: { servers: [1] },
        question: {
          ask: 'Once entry 2 (term 2) is on a majority, is it committed?',
          choices: ['Yes: it is on a majority', 'No'],
          answer: 'No',
          why: 'A leader counts replicas only for entries of its own term (§5.4.2): entry 2 is from term 2, so S1 does not commit it.',
          verify: { uncommitted: { server: 1, below: 2 } },
        },
      },
      {
        moment: { event: 'did not commit entry 2' },
        caption: 'Entry 2 is on S1, S2, S3 and S4, a majority, and still S1 does not commit it. The next steps show why that is right.',
        highlight: { servers: [1, 2, 3, 4], entries: [[1, 2], [2, 2], [3, 2], [4, 2]] },
      },
      {
        moment: { event: 'S5 became leader for term 5' },
        caption: '(d) S1 crashed; S5 restarted and won term 5: its last entry is from term 3, later than the others\' term 2, so they vote for it (§5.4.1).',
        highlight: { servers: [5] },
      },
      {
        moment: { event: 'S3 appended entry 2 \\(term 3\\)' },
        caption: 'S5 overwrites entry 2 on every follower with its own, from term 3. Had S1 committed entry 2, a committed entry would now be gone: that is exactly what the rule prevents. The chapter "Figure 8 (e)" shows how the entry does get committed.',
        highlight: { servers: [5], entries: [[2, 2], [3, 2], [4, 2], [5, 2]] },
      },
    ],
  },
  {
    id: 'figure-8-e',
    title: 'Figure 8 (e): how the old entry does get committed',
    scenario: {
      preset: 'figure-8',
      change: { options: { noop_on_election: true }, actions: [{ at_ms: 1, do: 'crash', node: 5 }, { at_ms: 2, do: 'timeout', node: 1 }], run_until_ms: 400 },
    },
    steps: [
      {
        moment: { event: 'S1 became leader for term 4' },
        caption: '(e) The same start, another ending: S1 wins term 4 and, as real implementations do, at once appends an entry of its own term: a no-op at index 3.',
        highlight: { servers: [1], entries: [[1, 3]] },
        question: {
          ask: 'When entry 3 (term 4) is on a majority and committed, what happens to entry 2 (term 2)?',
          choices: ['It stays uncommitted', 'It is committed too'],
          answer: 'It is committed too',
          why: 'Committing an entry commits every entry before it (the logs match up to it, §5.3). And S5 can no longer win: its log ends in term 3, behind a majority\'s term 4.',
          verify: { committed: { server: 1, atLeast: 3 } },
        },
      },
      {
        moment: { event: 'S1 committed entries 1..3' },
        caption: 'Entries 1 to 3 are committed at once. That is why a new leader appends a no-op (§8): it commits the older entries without waiting for a client.',
        highlight: { servers: [1], entries: [[1, 2], [1, 3]] },
      },
    ],
  },
  {
    id: 'paxos',
    title: 'Raft vs Multi-Paxos after a crash',
    scenario: { preset: 'paxos-leader-crash-gaps' },
    steps: [
      {
        moment: { atMs: 2990 },
        caption: 'The same kind of cluster running Multi-Paxos: a leader (S2) proposes values for log slots, and a value is chosen once a majority accepted it. Slots can be chosen out of order, so a log may have holes. In 10 ms, S2 crashes.',
        highlight: { servers: [2] },
        question: {
          ask: 'What must the next leader do before taking new commands?',
          choices: ['Nothing', 'Learn what a majority accepted, and propose it again'],
          answer: 'Learn what a majority accepted, and propose it again',
          why: 'Its phase 1 collects, from a majority\'s promises, every value they accepted, and re-proposes each under its own ballot; a slot nobody reports gets a no-op. Raft\'s new leader needs no such step: the election already chose a server with every committed entry.',
          verify: { leader: 4 },
        },
      },
      {
        moment: { event: 'became leader with ballot' },
        caption: 'The new leader finished phase 1 with a majority\'s promises and re-proposes the slots it learned of. Open the comparison (the link at the top) to watch Raft and Multi-Paxos handle the same crash side by side.',
      },
    ],
  },
];
