import { TwinModelBuilder } from '../../testing/twin-model.builder';
import { validateModel, type ValidationResult } from '../validate-model';

/** A change to the minimal model (TwinModelBuilder.minimal), made by path on its written document. */
export type ModelChange = (b: TwinModelBuilder) => TwinModelBuilder;

/** A broken model and the issue validation must report for it. */
export interface RefusedCase {
  rule: string;
  mutate: ModelChange;
  path: string;
  /** The whole message, or a pattern for its telling part. */
  message: string | RegExp;
}

/** A valid model: the change that validation must accept, named for the test title. */
export type AcceptedCase = [name: string, mutate: ModelChange];

const sut = validateModel;

/** Validates the minimal model as written after `mutate`. */
export function validateMinimal(mutate: ModelChange = (b) => b): ValidationResult {
  return sut(mutate(TwinModelBuilder.minimal()).toDocument());
}

/** One test per case: no model comes back, and the issue is among those reported. */
export function itReportsEach(cases: RefusedCase[]): void {
  it.each(cases)('reports $rule at $path', ({ mutate, path, message }) => {
    const { model, issues } = validateMinimal(mutate);

    expect(model).toBeUndefined();
    expect(issues).toContainEqual({
      path,
      message: typeof message === 'string' ? message : (expect.stringMatching(message) as unknown),
    });
  });
}

/** One test per case: the changed model has no issue at all. */
export function itAcceptsEach(cases: AcceptedCase[]): void {
  it.each(cases)('accepts %s', (_name, mutate) => {
    expect(validateMinimal(mutate).issues).toEqual([]);
  });
}
