import { CaptureAddonMissing, loadCap } from '../../node/capture/cap-loader';

/**
 * Skip reason for tests that capture live when this checkout has no libpcap addon (npm ci leaves
 * the optional `cap` out without libpcap-dev: README.md), or false. CI sets
 * AIO_REQUIRE_LIVE_CAPTURE=1 (.ci/run): there a missing addon fails those tests instead.
 */
export function liveCaptureSkip(): string | false {
  if (process.env.AIO_REQUIRE_LIVE_CAPTURE === '1') return false;
  try {
    loadCap();
    return false;
  } catch (err) {
    if (err instanceof CaptureAddonMissing) return err.message;
    throw err;
  }
}
