export * from './model/twin-model.types';
