/** The privilege lines of the systemd unit the installer writes, parsed. */
import { unitFile } from '../../../installer/unit-file';

export function installerUnitCaps(): { user: string; ambient: string[]; bounding: string[]; noNewPrivileges: boolean } {
  const unit = unitFile('test');
  const value = (key: string): string => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1]?.trim() ?? '';
  return {
    user: value('User'),
    ambient: value('AmbientCapabilities').split(/\s+/).filter(Boolean),
    bounding: value('CapabilityBoundingSet').split(/\s+/).filter(Boolean),
    noNewPrivileges: value('NoNewPrivileges') === 'yes',
  };
}
