/** Service (node/service/service.ts): start steps, one stack of cleanups, signals. In process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Service, StartError, type StartStep } from '../../../node/service/service';

/** Steps that record their start and their cleanup in `events`. */
function steps(events: string[], names: string[], failing?: string): StartStep[] {
  return names.map((name) => ({
    name,
    start: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (name === failing) throw new Error(`${name} is broken`);
      events.push(`start ${name}`);
      return async () => {
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`stop ${name}`);
      };
    },
  }));
}

test('steps start in order and stop in reverse', async () => {
  const events: string[] = [];
  const s = new Service();
  await s.start(steps(events, ['log', 'cloud link', 'analysis', 'capture']));
  await s.stop();
  assert.deepEqual(events, [
    'start log',
    'start cloud link',
    'start analysis',
    'start capture',
    'stop capture',
    'stop analysis',
    'stop cloud link',
    'stop log',
  ]);
});

test('a step that fails to start unwinds the earlier ones (not itself, not the later ones) and is named', async () => {
  const events: string[] = [];
  const heard: string[] = [];
  const s = new Service();
  await assert.rejects(
    s.start(steps(events, ['log', 'cloud link', 'analysis', 'capture'], 'analysis'), (step, err) =>
      heard.push(`${step}: ${err.message} (${events.join(', ')})`),
    ),
    (err: unknown) => err instanceof StartError && err.step === 'analysis' && err.message === 'analysis: analysis is broken',
  );
  assert.deepEqual(events, ['start log', 'start cloud link', 'stop cloud link', 'stop log']);
  // onFailure hears it while the earlier steps (a log, say) are still up.
  assert.deepEqual(heard, ['analysis: analysis is broken (start log, start cloud link)']);
});

test('stop is idempotent: concurrent and repeated calls run each cleanup once', async () => {
  const events: string[] = [];
  const s = new Service();
  await s.start(steps(events, ['a', 'b']));
  const first = s.stop();
  const second = s.stop();
  assert.equal(first, second);
  await Promise.all([first, second, s.stop()]);
  await s.stop();
  assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);
});

test('a cleanup that throws is reported and the others still run', async () => {
  const events: string[] = [];
  const errors: string[] = [];
  const s = new Service((step, err) => errors.push(`${step}: ${err.message}`));
  await s.start([
    ...steps(events, ['a']),
    {
      name: 'flaky',
      start: () => () => {
        throw new Error('close failed');
      },
    },
    ...steps(events, ['c']),
  ]);
  await s.stop();
  assert.deepEqual(events, ['start a', 'start c', 'stop c', 'stop a']);
  assert.deepEqual(errors, ['flaky: close failed']);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} requests a stop; the handlers are gone after stop`, async () => {
    const signals = new EventEmitter();
    const s = new Service();
    await s.start([s.signalStep(signals)]);
    assert.equal(signals.listenerCount(signal), 1);
    assert.equal(s.isStopRequested, false);
    signals.emit(signal);
    await s.stopRequested;
    assert.equal(s.isStopRequested, true);
    await s.stop();
    assert.equal(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT'), 0);
  });
}

test('no step starts after stop() began', async () => {
  const s = new Service();
  await s.stop();
  await assert.rejects(s.start(steps([], ['late'])), (err: unknown) => err instanceof StartError && err.step === 'late');
});
