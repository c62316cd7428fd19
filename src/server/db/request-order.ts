/**
 * Oldest request first on the embedded database (decision 040). PGlite runs one statement at a time on this thread,
 * and a request runs several in turn (its session, the record it checks access to, its own query, a transaction).
 * Served in the order they are asked, each statement of a request waited behind one statement of every other request
 * in flight, so under load a request of four statements took four rounds of the whole queue and one of two took two:
 * the slowest requests took twice the median (issue 15: mixed load at 50 connections, p99 ≈ 2 × p50).
 *
 * Here every request gets a ticket as it arrives (`runInRequestOrder`, from the app's first hook), and the PGlite
 * client lets the waiting statement with the oldest ticket go next (`createOrderedGate`): a request that has started
 * is finished before later ones take their turns, so each waits for the requests before it, about the same for all.
 * A statement asked outside any request (jobs, the command line) takes a new ticket when asked: after every request
 * that came before it, never starved. Between two statements the gate lets waiting I/O in (decision 036), and by
 * then a request that just had its turn has asked for its next one; one busy elsewhere (hashing a password, say)
 * is not waited for: the oldest statement waiting runs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const tickets = new AsyncLocalStorage<number>();
let issued = 0;

/** A new ticket: later than every ticket issued before it. */
export function newTicket(): number {
  issued += 1;
  return issued;
}

/** Run `fn` (and everything it starts) as the request holding `ticket`. */
export function runInRequestOrder<T>(ticket: number, fn: () => T): T {
  return tickets.run(ticket, fn);
}

/** The ticket of the request this code runs for, or a new one outside any request. */
export function currentTicket(): number {
  return tickets.getStore() ?? newTicket();
}

export interface OrderedGate {
  /** Run `fn` when no other holder runs, after every waiter with an older (smaller) ticket or an equal earlier one. */
  run<T>(ticket: number, fn: () => Promise<T>): Promise<T>;
  /** How many are waiting (the tests read it). */
  waiting(): number;
}

export function createOrderedGate(): OrderedGate {
  let busy = false;
  // Sorted by ticket; equal tickets in the order they came.
  const queue: { ticket: number; go: () => void }[] = [];
  // The next holder is chosen only after waiting I/O has run (setImmediate; decision 036): arriving requests are read
  // and take their tickets, responses go out, and the ended holder's request has asked for its next statement.
  // Chosen at once, statements would run back to back while no request could be read.
  const pick = () => {
    const next = queue.shift();
    if (next) next.go();
    else busy = false;
  };
  const release = () => {
    setImmediate(pick);
  };
  const enter = (ticket: number): Promise<void> | undefined => {
    if (!busy) {
      busy = true;
      return undefined;
    }
    return new Promise<void>((go) => {
      let low = 0;
      let high = queue.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (queue[middle]!.ticket <= ticket) low = middle + 1;
        else high = middle;
      }
      queue.splice(low, 0, { ticket, go });
    });
  };
  return {
    async run(ticket, fn) {
      await enter(ticket);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    waiting: () => queue.length,
  };
}
