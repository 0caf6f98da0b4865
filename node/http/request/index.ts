/** The request toolkit: one target splitter, one cookie parser, one media-type parser (docs/http.md). */
export {
  fragmentMark,
  pathStart,
  queryMark,
  splitTarget,
  targetForm,
  targetPath,
  targetQuery,
  type TargetForm,
  type TargetParts,
} from './target';
export { forEachCookie, parseCookie, requestCookies } from './cookies';
export { isTextMediaType, mediaTypeEssence, mediaTypeParam, parseMediaType, type MediaType } from './media-type';
