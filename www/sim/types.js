// The page's types, declared once: what the simulator hands out (scenario, snapshot, events,
// figures), the frames the controllers hand their views, and the controllers' interfaces. Types
// only (JSDoc, read by `tsc --noEmit`): the module exports nothing at run time. The simulator's
// own bindings are declared in bindings.d.ts beside this file.
//
// Data flows one way: scenario → simulator (WASM) → snapshot → frame → views. Views and controls
// never touch the simulator: they ask a controller, through the interfaces below, and the next
// frame shows the result.

// ----- the scenario (docs/scenario-format.md) -----

/** @typedef {'raft' | 'paxos'} Protocol */

/**
 * @typedef {object} NetworkSettings
 * @property {number} delay_min_ms
 * @property {number} delay_jitter_ms
 * @property {number} loss_percent
 * @property {number} duplicate_percent
 * @property {boolean} manual messages wait for the user
 */

/**
 * @typedef {object} ClientSettings
 * @property {number} count
 * @property {number} interval_ms
 * @property {number} keys
 * @property {number} timeout_ms
 * @property {number} attempts
 */

/**
 * @typedef {object} ProtocolOptions
 * @property {boolean} pre_vote
 * @property {boolean} check_quorum
 * @property {boolean} noop_on_election
 * @property {boolean} fast_backtrack
 */

/** @typedef {'pre_vote' | 'check_quorum' | 'noop_on_election'} OptionName the options the settings show */

/**
 * A user action, as `inject` takes it: `{do: 'crash', node: 1}`, `{do: 'network', settings}`…
 * (the scenario format lists every kind).
 * @typedef {{do: string, settings?: NetworkSettings} & Record<string, unknown>} Action
 */

/** @typedef {Action & {at_ms: number}} TimedAction an action in a scenario, with its time */

/**
 * @typedef {object} Scenario
 * @property {number} format
 * @property {Protocol} protocol
 * @property {number} nodes
 * @property {number} seed
 * @property {Record<string, number>} timing
 * @property {NetworkSettings} network
 * @property {ProtocolOptions} options
 * @property {string[]} bugs the bug switches that are on
 * @property {ClientSettings} clients
 * @property {unknown[]} initial
 * @property {TimedAction[]} actions every action so far, in time order
 * @property {number} run_until_ms the time cursor of a link
 */

/**
 * @typedef {object} Bug a bug switch of a protocol
 * @property {string} name
 * @property {Protocol} protocol
 * @property {string} breaks what it breaks, in words
 */

/**
 * @typedef {object} Preset a scenario that shows one behaviour (www/pkg/presets.json)
 * @property {string} name
 * @property {string} title
 * @property {string} caption what to watch
 * @property {string} scenario JSON text
 */

/**
 * @typedef {object} ViewOptions how a link asks the page to look (share/url-state.js)
 * @property {number} [speed]
 * @property {'light' | 'dark' | 'auto'} [theme]
 * @property {'full' | 'minimal' | 'none'} [controls]
 * @property {string} [mode]
 * @property {string} [layout]
 * @property {string} [tour] the tour's chapter the page shows (www/tour/chapters.js)
 * @property {string} [preset] the preset the run is the scenario of
 */

// ----- the snapshot (`view(logTail)`) -----

/**
 * @typedef {object} LogSlot
 * @property {number} index
 * @property {number} term
 * @property {string} term_label
 * @property {string} command
 * @property {boolean} committed
 * @property {boolean} hole a Multi-Paxos slot with no value known
 */

/**
 * @typedef {object} PeerProgress a leader's view of one follower
 * @property {number} id
 * @property {number} next_index
 * @property {number} match_index
 */

/**
 * @typedef {object} NodeSnapshot
 * @property {number} id
 * @property {string} name
 * @property {boolean} up
 * @property {boolean} paused
 * @property {number} skew_percent
 * @property {number} log_length the last index of the whole log (`log` may be its tail only)
 * @property {string} role
 * @property {number} term
 * @property {string} term_label
 * @property {number | null} voted_for
 * @property {number | null} leader
 * @property {LogSlot[]} log
 * @property {number} commit_index
 * @property {number} applied_index
 * @property {PeerProgress[]} peers
 * @property {number} timer_elapsed_ticks
 * @property {number} timer_timeout_ticks
 */

/**
 * @typedef {object} MessageSnapshot a message in flight
 * @property {number} id
 * @property {number} from
 * @property {number} to
 * @property {string} type
 * @property {number} size_bytes
 * @property {number} sent_at_us
 * @property {number | null} deliver_at_us null while it waits (manual delivery, paused receiver)
 * @property {string | null} waiting
 * @property {string} summary
 */

/**
 * @typedef {object} Violation a broken invariant
 * @property {string} invariant
 * @property {number[]} nodes
 * @property {number[]} entries
 * @property {string} explanation
 * @property {number} step
 * @property {number} time_us
 */

/**
 * @typedef {object} Snapshot everything the page draws of one simulator, now
 * @property {Protocol} protocol
 * @property {number} time_us
 * @property {number} steps
 * @property {number | null} next_time_us
 * @property {number | null} leader
 * @property {NodeSnapshot[]} nodes
 * @property {MessageSnapshot[]} messages
 * @property {[number, number][]} cut_links `[from, to]` of every cut direction
 * @property {boolean} manual
 * @property {Violation[]} violations every invariant broken so far, the first first (the run
 *   goes on after a violation; the simulator keeps the first 16 distinct ones)
 * @property {string} trace_hash
 */

/**
 * @typedef {object} MessageEvent
 * @property {number} id
 * @property {number} from
 * @property {number} to
 * @property {string} type
 * @property {'sent' | 'delivered' | 'dropped'} what
 * @property {string | null} reason why a dropped message was dropped
 */

/**
 * @typedef {object} SimEvent one event of the simulator, with the core's words
 * @property {number} step
 * @property {number} time_us
 * @property {number | null} node
 * @property {string} category
 * @property {string} text
 * @property {MessageEvent | null} message network events only
 */

// ----- figures (`metrics()`) -----

/**
 * @typedef {object} MessageCount
 * @property {number} sent
 * @property {number} bytes
 * @property {number} delivered
 * @property {number} dropped
 */

/**
 * @typedef {object} MetricsSample
 * @property {number} time_us
 * @property {number} messages
 * @property {number} bytes
 * @property {number} commands_committed
 * @property {number} elections
 * @property {number} leaderless_us
 */

/** @typedef {'messages' | 'commands_committed'} ChartField a sample field the charts plot */

/**
 * @typedef {object} Metrics
 * @property {[string, MessageCount][]} messages by message type
 * @property {MessageCount} total
 * @property {number} elections
 * @property {number} campaigns
 * @property {number | null} first_leader_at_us
 * @property {number[]} first_commit_after_leader_us
 * @property {number} leaderless_us
 * @property {{count: number, p50_us: number, p99_us: number, max_us: number}} latency
 * @property {number} commands_committed
 * @property {number} entries_resent
 * @property {number} operations
 * @property {MetricsSample[]} samples
 */

// ----- what the page derives -----

/**
 * @typedef {{kind: 'node', id: number} | {kind: 'link', a: number, b: number} | {kind: 'message', id: number}} Selection
 * what the reader picked in a cluster drawing
 */

/** @typedef {'election' | 'commit' | 'fault' | 'violation'} MarkKind */

/**
 * @typedef {object} Mark a moment worth a marker on the timeline (landmarks.js)
 * @property {MarkKind} kind
 * @property {number} step
 * @property {number} timeUs
 * @property {string} text
 */

/**
 * @typedef {object} Marks the markers gathered along one branch of history
 * @property {Mark[]} marks
 * @property {number} version changes whenever `marks` does
 */

/**
 * @typedef {object} ApiState what `state()` gives of one simulator (docs/page-api.md)
 * @property {number} time
 * @property {Protocol} protocol
 * @property {number | null} leader
 * @property {{id: number, role: string, term: number, alive: boolean}[]} nodes
 */

// ----- frames: what every view gets after each change -----

/**
 * @typedef {object} Moment what every frame says of time
 * @property {number} nowUs simulated time (µs)
 * @property {boolean} jumped time moved other than forward along the branch: views that
 *   accumulate (event log, sequence diagram) start again from the events the simulator holds
 * @property {boolean} playing
 * @property {number} speed
 * @property {boolean} reducedMotion
 */

/**
 * @typedef {object} Highlight what a guided step points at: servers, and log entries
 * @property {number[]} servers
 * @property {[number, number][]} entries `[server, index]` pairs
 */

/**
 * @typedef {Moment & {view: Snapshot, events: SimEvent[], selection: Selection | null, landmarks: Marks, highlight?: Highlight | null}} ClusterFrame
 * one cluster's frame: what its drawing and its inspector read (`highlight`: what a tour step
 * points at, if any)
 */

/**
 * @typedef {ClusterFrame & {branchEndUs: number, otherBranch: 'undo' | 'redo' | null, scenario: Scenario}} Frame
 * the playground's frame (`branchEndUs`: where the current branch of history ends;
 * `otherBranch`: what switching to the other side of the last fork does, if there is one)
 */

/**
 * @typedef {object} PaneIdentity one pane of the comparison, as its views know it
 * @property {Protocol} protocol
 * @property {string} name the protocol's name, as the page writes it
 */

/**
 * @typedef {ClusterFrame & {pane: PaneIdentity, fresh: boolean}} PaneFrame
 * one pane's frame; `fresh` is false when its snapshot was not refreshed this frame (many
 * messages in flight: the panes are refreshed alternately)
 */

/**
 * @typedef {Moment & {panes: PaneFrame[], branchEndUs: number}} ComparisonFrame
 * the comparison's frame: one per pane, under one clock
 */

/**
 * @template F
 * @typedef {object} View something a controller redraws after every change
 * @property {(frame: F) => void} update
 */

// ----- the controllers' interfaces -----

/**
 * @typedef {object} StatusLine
 * @property {(text: string) => void} announce writes the page's status line
 */

/**
 * @typedef {object} PlaybackClock a controller's clock (sim/clock.js)
 * @property {boolean} playing
 * @property {number} speed a factor of real time
 * @property {() => void} play plays on, unless the run may not go on (the controller says why)
 * @property {() => void} pause
 * @property {() => void} toggle
 * @property {(factor: number) => void} setSpeed
 */

/**
 * @typedef {object} Transport what the playback controls and the keyboard drive
 * @property {PlaybackClock} clock playing, pausing, the speed
 * @property {() => void} step one event forward (the comparison: to the next moment either pane has one)
 * @property {() => void} stepBack
 * @property {(ms: number) => void} seek to simulated time `ms`, forwards or backwards
 * @property {() => number} nowUs simulated time now (µs)
 * @property {(selection: Selection | null) => void} select
 * @property {(text: string) => void} announce writes the status line (moving in time clears it)
 */

/**
 * @typedef {object} ClusterActions what one cluster's views (its drawing, its inspector) ask for
 * @property {(action: Action, description?: string) => boolean} act does `action` now; false if
 *   it was refused (and announced)
 * @property {(selection: Selection | null) => void} select
 * @property {() => Scenario} scenario the scenario with every action so far (do not mutate it)
 */

/**
 * @typedef {StatusLine & ClusterActions} ClusterController the controller of one cluster, as
 * its views see it: the playground's, or one pane of the comparison's (PaneFacade)
 */

/**
 * @typedef {object} PlaygroundOnly
 * @property {HTMLElement} root the playground's root element
 * @property {(scenarioText?: string, description?: string) => boolean | Promise<boolean>} reset
 *   starts over at time 0 (default: the current scenario without its actions); a promise when
 *   the scenario's simulator must load first
 * @property {(change: (scenario: Scenario) => void, description?: string) => void | Promise<unknown>} reconfigure
 *   edits the scenario and replays to the same time
 * @property {() => void} switchBranch goes over to the other side of the last fork (undo or
 *   redo it), at the moment of the fork
 * @property {() => Bug[]} bugs the bug switches of the protocol running now
 * @property {(fromMs: number, toMs: number) => Promise<string>} mermaid the run between two times
 *   as Mermaid text (the reports module, loaded on first use, simulates it again)
 * @property {() => number} newSeed a fresh seed
 * @property {(view: View<Frame>) => void} addView
 * @property {(jumped: boolean) => void} render builds a frame and hands it to every view
 * @property {() => string} traceHash
 * @property {() => PlaygroundState} state
 * @property {() => void} expose puts the page API (docs/page-api.md) on the root element
 * @property {(highlight: Highlight | null) => void} highlight what the views point at (a tour step)
 * @property {(match: (event: SimEvent) => boolean, limitMs: number) => SimEvent | null} findEvent
 *   looks ahead without moving: the next event after now that `match` accepts, within
 *   `limitMs` of simulated time (null if none)
 */

/**
 * @typedef {Transport & ClusterController & PlaygroundOnly} PlaygroundController
 * the single-cluster page's controller (sim/controller.js)
 */

/**
 * @typedef {ApiState & {messages: {id: number, from: number, to: number, type: string}[],
 *   violations: {invariant: string, nodes: number[], entries: number[], explanation: string, time: number}[]}} PlaygroundState
 */

/**
 * @typedef {ApiState & {messages: number, violations: string[], traceHash: string}} PaneState
 */

/**
 * @typedef {{time: number, playing: boolean} & Partial<Record<Protocol, PaneState>>} ComparisonState
 */

/**
 * @typedef {object} Opening what the comparison opened with, the preset picker's first entry
 * @property {string} title
 * @property {string} caption
 * @property {string} scenario JSON text
 */

/**
 * @typedef {object} ComparisonOnly
 * @property {HTMLElement} root the comparison's root element
 * @property {readonly PaneIdentity[]} panes
 * @property {Opening} initial
 * @property {(pane: PaneIdentity) => ClusterController} facade the controller a pane's own views talk to
 * @property {(action: Action, description?: string, from?: PaneIdentity) => boolean} act does
 *   `action` in both panes (a message action: in `from`'s pane only)
 * @property {(selection: Selection | null, pane?: PaneIdentity | null) => void} select a server or
 *   link in both panes, a message in `pane`'s
 * @property {() => Scenario} scenario the shared scenario with every shared action so far
 * @property {(scenarioText: string, description?: string) => boolean} reset starts both panes over
 * @property {() => number} newSeed a fresh seed
 * @property {() => Record<Protocol, Metrics>} metrics each pane's figures
 * @property {(view: View<ComparisonFrame>) => void} addView
 * @property {(jumped: boolean) => void} render
 * @property {() => Record<Protocol, string>} traceHashes
 * @property {() => ComparisonState} state
 * @property {() => void} expose puts the comparison's API on the root element
 */

/**
 * @typedef {Transport & StatusLine & ComparisonOnly} ComparisonController
 * the comparison's controller (compare/compare-controller.js)
 */

export {};
