import { noteReaderCap } from './reader-caps';

/**
 * PHP's configuration written where data belongs (docs/detection.md, branch i18-code7): a value
 * that is php.ini text, one `directive = value` line or several (`allow_url_include=1`,
 * `auto_prepend_file = php://input`, `memory_limit = 512M`), or the directives Apache's mod_php
 * reads from an `.htaccess` (`php_value auto_prepend_file /tmp/x`, `php_flag engine off`). What a
 * request sets so is read by the PHP that loads it: a `.user.ini` or `.htaccess` upload, a
 * configuration page that writes a file, PHP-CGI's `-d` arguments; it turns on remote includes,
 * prepends a file of the attacker's, loads an extension or lifts the limits.
 *
 * The grammar is php.ini's: a directive name, `=`, a value to the end of the line; `;` comments
 * and `[section]` headers between lines. The names are PHP's own vocabulary: the core directives
 * (the manual's "Description of core php.ini directives") and `section.name` of a bundled
 * extension (`opcache.`, `session.`, `mbstring.`...). A core name that is an English word
 * (`engine`, `precision`, `extension`, `smtp`) is read only with a value php.ini's parser gives
 * meaning to, a boolean, a number or a library to load (`engine=true`, `precision=14`,
 * `extension=x.so`): `engine=v8` or `extension=pdf` in a search form is a filter, not PHP's.
 */

/** Core directives whose names are no English word: set to anything, they are PHP's. */
const CORE_DIRECTIVES = new Set(
  (
    'allow_url_fopen allow_url_include always_populate_raw_post_data auto_append_file auto_detect_line_endings ' +
    'auto_globals_jit auto_prepend_file browscap default_charset default_mimetype default_socket_timeout ' +
    'disable_classes disable_functions display_errors display_startup_errors doc_root docref_ext docref_root ' +
    'enable_dl enable_post_data_reading error_append_string error_log error_prepend_string error_reporting ' +
    'exit_on_timeout expose_php extension_dir file_uploads hard_timeout html_errors ignore_repeated_errors ' +
    'ignore_repeated_source ignore_user_abort implicit_flush include_path input_encoding internal_encoding ' +
    'log_errors log_errors_max_len magic_quotes_gpc magic_quotes_runtime max_execution_time max_file_uploads ' +
    'max_input_nesting_level max_input_time max_input_vars memory_limit open_basedir output_buffering ' +
    'output_encoding output_handler post_max_size realpath_cache_size realpath_cache_ttl register_argc_argv ' +
    'register_globals report_memleaks request_order safe_mode safe_mode_exec_dir sendmail_from sendmail_path ' +
    'serialize_precision short_open_tag smtp_port sql.safe_mode sys_temp_dir track_errors unserialize_callback_func ' +
    'unserialize_max_depth upload_max_filesize upload_tmp_dir user_agent user_dir variables_order xmlrpc_error_number ' +
    'xmlrpc_errors zend_extension'
  ).split(' '),
);
/** Core directives whose names are English words: read only with a value php.ini gives meaning to. */
const CORE_WORD_DIRECTIVES = new Set(['engine', 'precision', 'extension', 'smtp']);
/** The sections of bundled extensions and of the core's groups (`opcache.enable`, `session.save_path`). */
const SECTIONS =
  'apc|apcu|arg_separator|assert|bcmath|cgi|com|curl|date|exif|fastcgi|filter|highlight|ibase|iconv|intl|ldap|mail|' +
  'mbstring|mysql|mysqli|mysqlnd|oci8|odbc|opcache|openssl|pcre|pdo_mysql|pdo_odbc|pgsql|phar|session|soap|sqlite3|' +
  'syslog|tidy|url_rewriter|user_ini|xdebug|zend|zlib';
/** One setting: `name = value` to the end of the line (php.ini allows blanks around `=`). */
const SETTING = new RegExp(
  `^\\s*((?:${SECTIONS})\\.[a-z][a-z0-9_]{0,60}(?:\\.[a-z0-9_]{1,30})?|[a-z][a-z0-9_.]{1,40})\\s*=\\s*(.{0,400})$`,
  'i',
);
/** What php.ini's parser reads as a boolean or a number (with a unit), or a library an `extension` line loads. */
const INI_SCALAR = /^["']?(?:on|off|true|false|yes|no|none|-?\d{1,12}(?:\.\d{1,12})?[kmg]?|[\w./\\:-]{1,200}\.(?:so|dll))["']?$/i;
/** `.htaccess` for mod_php: `php_value name value`, `php_flag name on`, and their `php_admin_` forms. */
const HTACCESS_SETTING = /^\s*php_(?:admin_)?(?:value|flag)\s+([a-z][a-z0-9_.]{1,60})\s+\S.{0,400}$/i;
/** Lines that are no setting but belong to an ini file: blank, a `;` comment, a `[section]` header. */
const INI_FILLER = /^\s*(?:;.{0,400})?$|^\s*\[[\w .-]{1,40}\]\s*$/;
/** Lines of a value read as php.ini at most; a longer value is read by its first lines (noted as a reader cap). */
export const MAX_INI_LINES = 64;

/** A PHP directive name and the value it is given: whether PHP reads it as its own setting. */
function isDirective(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (CORE_DIRECTIVES.has(lower)) return true;
  if (CORE_WORD_DIRECTIVES.has(lower)) return INI_SCALAR.test(value.trim());
  const dot = lower.indexOf('.');
  return dot > 0 && SECTION_NAMES.has(lower.slice(0, dot));
}
const SECTION_NAMES = new Set(SECTIONS.split('|'));

/** One line of php.ini or `.htaccess` that sets a directive of PHP's. */
function isSettingLine(line: string): boolean {
  const setting = SETTING.exec(line);
  if (setting !== null) return isDirective(setting[1], setting[2]);
  const htaccess = HTACCESS_SETTING.exec(line);
  return htaccess !== null && isDirective(htaccess[1], 'on');
}

/** A value that is PHP configuration: every line a setting of PHP's or an ini file's filler, at least one setting. */
export function isPhpIniText(v: string): boolean {
  if (!v.includes('=') && !/php_(?:admin_)?(?:value|flag)/i.test(v)) return false;
  const lines = v.split('\n', MAX_INI_LINES + 1);
  if (lines.length > MAX_INI_LINES) {
    noteReaderCap();
    lines.length = MAX_INI_LINES;
  }
  let settings = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isSettingLine(line)) settings++;
    else if (!INI_FILLER.test(line)) return false;
  }
  return settings > 0;
}
