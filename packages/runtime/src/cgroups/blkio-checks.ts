// blockIO value checks and device-line building shared by the v1 blkio and v2 io controllers.
import { resourceField } from './controller';
import type { LinuxBlockIO, LinuxThrottleDevice } from './spec-types';
import { checkDeviceNumber, checkInteger } from './validate';

/** The four throttle lists, with the v1 file and the v2 io.max key each one maps to. */
export const THROTTLES = [
  { name: 'throttleReadBpsDevice', v1File: 'blkio.throttle.read_bps_device', v2Key: 'rbps' },
  { name: 'throttleWriteBpsDevice', v1File: 'blkio.throttle.write_bps_device', v2Key: 'wbps' },
  { name: 'throttleReadIOPSDevice', v1File: 'blkio.throttle.read_iops_device', v2Key: 'riops' },
  { name: 'throttleWriteIOPSDevice', v1File: 'blkio.throttle.write_iops_device', v2Key: 'wiops' },
] as const;

export function checkBlockIO(blockIO: LinuxBlockIO): void {
  const weight = { min: 10, max: 1000 };
  if (blockIO.weight !== undefined) checkInteger(blockIO.weight, resourceField('blockIO.weight'), weight);
  if (blockIO.leafWeight !== undefined) {
    checkInteger(blockIO.leafWeight, resourceField('blockIO.leafWeight'), weight);
  }
  (blockIO.weightDevice ?? []).forEach((device, i) => {
    const field = resourceField(`blockIO.weightDevice[${i}]`);
    checkDeviceNumber(device.major, `${field}.major`);
    checkDeviceNumber(device.minor, `${field}.minor`);
    if (device.weight !== undefined) checkInteger(device.weight, `${field}.weight`, weight);
    if (device.leafWeight !== undefined) checkInteger(device.leafWeight, `${field}.leafWeight`, weight);
  });
  for (const { name } of THROTTLES) {
    (blockIO[name] ?? []).forEach((device: LinuxThrottleDevice, i: number) => {
      const field = resourceField(`blockIO.${name}[${i}]`);
      checkDeviceNumber(device.major, `${field}.major`);
      checkDeviceNumber(device.minor, `${field}.minor`);
      checkInteger(device.rate, `${field}.rate`, { min: 0 });
    });
  }
}
