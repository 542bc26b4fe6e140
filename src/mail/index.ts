export type {
  Address,
  AttachmentInfo,
  MailKind,
  ParseOptions,
  ParseOutcome,
  PatchMail,
  RawMessage,
  RejectCode,
  Series,
  SubjectTags,
  Trailer,
  Trailers,
} from './types.js';
export { parseMessage, parseMessageFast } from './parse.js';
export { parseSubject, hasPrefix, subjectKey, type SubjectInfo } from './subject.js';
export { splitMbox, iterateMbox, joinMbox, joinMboxBuffer, type MboxOptions, type JoinOptions } from './mbox.js';
export { readInput, readMaildir, isMaildir, detectFormat, messagesFromBuffer, InputError, type InputFormat, type ReadInputOptions } from './input.js';
export { groupSeries, mailKind, partitionMails } from './series.js';
export { parseTrailers, findBaseCommit, quotesDiff, splitInBodyHeaders } from './body.js';
export {
  parseAddressList,
  parseMailDate,
  parseMessageId,
  parseMessageIds,
  parseHeaderText,
  readHeaderBlock,
  unfold,
  getHeader,
  getHeaders,
} from './headers.js';
export { decodeEncodedWords, decodeBytes, normalizeCharset } from './charset.js';
