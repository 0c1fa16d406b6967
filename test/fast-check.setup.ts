import fc from 'fast-check';

// Property tests run the same cases on every run and machine: a failure is reproducible, never a random CI red.
// When one fails, keep its counterexample as an explicit case (or in `examples`) next to the property.
fc.configureGlobal({ seed: 20_261_202 });
