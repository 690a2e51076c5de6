import { IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { checkRe2 } from '../core/re2';

/** How a `StringMatch` compares. */
export enum StringMatchType {
  /** The whole value equals the string. */
  EXACT = 'exact',
  /** The value starts with the string. */
  PREFIX = 'prefix',
  /** The value matches an RE2 regular expression (the whole value: Envoy anchors it). */
  REGEX = 'regex',
}

/**
 * Istio's `StringMatch`: exact, prefix or RE2 regex. Used for URIs, headers, query parameters, methods, authority,
 * scheme and CORS origins. Regexes are checked for syntax RE2 rejects (lookaround, backreferences, ...).
 *
 * @example
 * StringMatch.exact('jason')
 * StringMatch.prefix('/api/')
 * StringMatch.regex('^/reviews/[0-9]+$')
 */
export class StringMatch {
  /**
   * Matches the exact value.
   * @param value the value
   */
  public static exact(value: string): StringMatch {
    return new StringMatch(StringMatchType.EXACT, value);
  }

  /**
   * Matches values that start with `value`.
   * @param value the prefix
   */
  public static prefix(value: string): StringMatch {
    return new StringMatch(StringMatchType.PREFIX, value);
  }

  /**
   * Matches values against an RE2 regular expression.
   * @param pattern the RE2 regex
   */
  public static regex(pattern: string): StringMatch {
    return new StringMatch(StringMatchType.REGEX, pattern);
  }

  /** How it compares. */
  public readonly type: StringMatchType;
  /** The string or pattern. */
  public readonly value: string;

  private constructor(type: StringMatchType, value: string) {
    this.type = type;
    this.value = value;
  }

  /**
   * Checks and renders `{ exact | prefix | regex: value }`.
   * @internal
   */
  public _render(scope: IConstruct, field: string): { exact?: string; prefix?: string; regex?: string } {
    if (this.type === StringMatchType.REGEX) {
      if (this.value === '') throw new ValidationError(scope, field, "regex must not be empty, got ''; use StringMatch.prefix('') to match anything");
      checkRe2(scope, `${field}.regex`, this.value);
    }
    return { [this.type]: this.value };
  }
}

/** HTTP request methods. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}
