import { IConstruct } from 'constructs';

/**
 * An error in the props of a construct, worded `<construct path>: <field>: <what is wrong>; <what to do>`.
 */
export class ValidationError extends Error {
  /**
   * @param scope the construct whose props are wrong
   * @param field the prop (dotted path for nested props)
   * @param detail what is wrong, the value received and how to fix it
   */
  constructor(scope: IConstruct, field: string, detail: string) {
    super(`${scope.node.path}: ${field}: ${detail}`);
    this.name = 'ValidationError';
  }
}
