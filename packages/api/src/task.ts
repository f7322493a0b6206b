// berth.task.v1: the Task service berth-shim serves for the containers it owns.
export * as v1 from './gen/berth/task/v1/index';
