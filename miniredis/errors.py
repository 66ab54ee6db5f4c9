"""Every error reply miniredis sends, with the Redis source it comes from.

Error text is API: redis-py chooses its exception class from the first word (the *error
code*: ``ERR``, ``WRONGTYPE``, ``NOAUTH``, ...) and, for some ``ERR`` replies, from the exact
message. So the texts below are copied from redis-server 7.0 byte for byte, and only this
module spells them. A handler raises ``CommandError(errors.SYNTAX)``; the encoder writes
``-ERR syntax error\\r\\n``.

Redis's convention (``addReplyErrorLength`` in ``networking.c``): a message that does not start
with an upper-case code gets ``ERR`` in front. Here every constant carries its code, so what
you read is what goes on the wire (after the leading ``-``).
"""

from __future__ import annotations


class CommandError(Exception):
    """An error reply. ``message`` is the wire text without the leading ``-`` or CRLF."""

    def __init__(self, message: str | bytes, *, trim: bool = True) -> None:
        if isinstance(message, str):
            message = message.encode()
        # Echoed user input must not break the reply's single line. Command errors go through
        # addReplyErrorFormat, which first trims CR/LF from both ends (sdstrim), then turns
        # the ones inside into spaces; the dispatcher's rejections (rejectCommandFormat) only
        # turn them into spaces: they pass ``trim=False``.
        if trim:
            message = message.strip(b"\r\n")
        self.message: bytes = message.replace(b"\r", b" ").replace(b"\n", b" ")
        super().__init__(self.message.decode(errors="replace"))


class ProtocolError(CommandError):
    """A malformed request: Redis replies, then closes the connection (setProtocolError)."""


def quoted(value: bytes, limit: int = 128) -> bytes:
    """Redis's ``'%.128s'`` inside error messages: truncated to ``limit`` bytes."""
    return value[:limit]


# --- protocol (networking.c: processMultibulkBuffer / processInlineBuffer) ------------------
PROTO_INVALID_MULTIBULK_LEN = "ERR Protocol error: invalid multibulk length"
PROTO_INVALID_BULK_LEN = "ERR Protocol error: invalid bulk length"
PROTO_UNBALANCED_QUOTES = "ERR Protocol error: unbalanced quotes in request"
PROTO_BIG_INLINE = "ERR Protocol error: too big inline request"
PROTO_BIG_MBULK_COUNT = "ERR Protocol error: too big mbulk count string"
PROTO_BIG_BULK_COUNT = "ERR Protocol error: too big bulk count string"
PROTO_UNAUTH_MBULK_LEN = "ERR Protocol error: unauthenticated multibulk length"
PROTO_UNAUTH_BULK_LEN = "ERR Protocol error: unauthenticated bulk length"


def proto_expected_dollar(got: bytes) -> bytes:
    """``Protocol error: expected '$', got '%c'`` (the byte found instead of ``$``).

    Bytes, not text: Redis's ``%c`` writes the byte as is (``got '\\xff'``), and CR or LF
    become spaces like in any error reply (``got ' '``).
    """
    return b"ERR Protocol error: expected '$', got '" + got[:1] + b"'"


# --- server.c: processCommand gates ---------------------------------------------------------
MAX_CLIENTS = "ERR max number of clients reached"
NOAUTH = "NOAUTH Authentication required."
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."
AUTH_NO_PASSWORD = (
    "ERR AUTH <password> called without any password configured for the default user. "
    "Are you sure your configuration is correct?"
)
NOPROTO = "NOPROTO unsupported protocol version"
# networking.c clientAcceptHandler (7.0 text, typo "Setup a an" included)
PROTECTED_MODE_DENIED = (
    "DENIED Redis is running in protected mode because protected mode is enabled and no "
    "password is set for the default user. In this mode connections are only accepted from "
    "the loopback interface. If you want to connect from external computers to Redis you may "
    "adopt one of the following solutions: 1) Just disable protected mode sending the command "
    "'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from "
    "the same host the server is running, however MAKE SURE Redis is not publicly accessible "
    "from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) "
    "Alternatively you can just disable the protected mode by editing the Redis configuration "
    "file, and setting the protected mode option to 'no', and then restarting the server. 3) "
    "If you started the server manually just for testing, restart it with the "
    "'--protected-mode no' option. 4) Setup a an authentication password for the default "
    "user. NOTE: You only need to do one of the above things in order for the server to start "
    "accepting connections from the outside."
)
NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction"


def unknown_command(name: bytes, args: list[bytes]) -> bytes:
    """``unknown command 'x', with args beginning with: 'a' 'b' `` (commandCheckExistence).

    Redis lists the arguments, each quoted and followed by one space, while the whole
    list stays under 128 bytes.
    """
    listed = b""
    for arg in args:
        if len(listed) >= 128:
            break
        listed += b"'" + arg[: 128 - len(listed)] + b"' "
    return b"ERR unknown command '" + quoted(name) + b"', with args beginning with: " + listed


def unknown_subcommand(sub: bytes, container: bytes) -> bytes:
    """``unknown subcommand 'x'. Try CONFIG HELP.`` (commandCheckExistence)."""
    return b"ERR unknown subcommand '" + quoted(sub) + b"'. Try " + container.upper() + b" HELP."


def wrong_arity(fullname: str) -> str:
    """``wrong number of arguments for 'get' command``; subcommands read ``'config|get'``."""
    return f"ERR wrong number of arguments for '{fullname}' command"


# --- object.c / t_string.c / db.c: values and keys ------------------------------------------
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
SYNTAX = "ERR syntax error"
NOT_INTEGER = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
OUT_OF_RANGE = "ERR value is out of range"
OVERFLOW = "ERR increment or decrement would overflow"
DECR_OVERFLOW = "ERR decrement would overflow"
INCR_NAN_OR_INF = "ERR increment would produce NaN or Infinity"
NO_SUCH_KEY = "ERR no such key"
DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range"
STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
OFFSET_OUT_OF_RANGE = "ERR offset is out of range"


def invalid_expire(command: str) -> str:
    """``invalid expire time in 'set' command`` (t_string.c / expire.c); lower-case name."""
    return f"ERR invalid expire time in '{command}' command"


# --- multi.c ------------------------------------------------------------------------------
MULTI_NESTED = "ERR MULTI calls can not be nested"
EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI"
DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI"
EXECABORT = "EXECABORT Transaction discarded because of previous errors."
WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed"


# --- strings (t_string.c: lcsCommand) -------------------------------------------------------
LCS_NOT_STRINGS = "ERR The specified keys must contain string values"
LCS_LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX."
LCS_TOO_MUCH_MEMORY = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"


# --- connection (networking.c: clientCommand, helloCommand; acl.c: authCommand; db.c) --------
HELLO_PROTO_NOT_INT = "ERR Protocol version is not an integer or out of range"
HELLO_NOAUTH = (
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
    "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
    "RESP protocol version at the same time"
)
CLIENT_NAME_INVALID = "ERR Client names cannot contain spaces, newlines or special characters."
SWAPDB_INVALID_FIRST = "ERR invalid first DB index"
SWAPDB_INVALID_SECOND = "ERR invalid second DB index"
CLIENT_INVALID_ID = "ERR Invalid client ID"
NO_SUCH_CLIENT = "ERR No such client"
CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0"
CLIENT_PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL"
TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range"
TIMEOUT_NEGATIVE = "ERR timeout is negative"
CLIENT_UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
CLIENT_CACHING_NOT_TRACKING = (
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
    "OPTOUT mode enabled"
)


def cstring(value: bytes) -> bytes:
    """Redis's ``'%s'`` of a C string inside an error: the bytes before the first NUL."""
    return value.split(b"\0", 1)[0]


def hello_syntax(option: bytes) -> bytes:
    """``Syntax error in HELLO option 'x'`` (helloCommand), the option as the client sent it."""
    return b"ERR Syntax error in HELLO option '" + cstring(option) + b"'"


def unknown_client_type(name: bytes) -> bytes:
    """``Unknown client type 'x'`` (CLIENT LIST TYPE / CLIENT KILL TYPE)."""
    return b"ERR Unknown client type '" + cstring(name) + b"'"


def no_such_user(name: bytes) -> bytes:
    """``No such user 'x'`` (CLIENT KILL USER): ACL user names are case-sensitive."""
    return b"ERR No such user '" + cstring(name) + b"'"


def subcommand_syntax(sub: bytes, container: bytes) -> bytes:
    """``unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.``

    Redis's addReplySubcommandSyntaxError: the subcommand as the client typed it.
    """
    return (
        b"ERR unknown subcommand or wrong number of arguments for '"
        + quoted(cstring(sub))
        + b"'. Try "
        + container.upper()
        + b" HELP."
    )


def setinfo_unrecognized(attr: bytes) -> bytes:
    """``Unrecognized option 'x'`` (Redis 7.2 clientSetinfoCommand)."""
    return b"ERR Unrecognized option '" + cstring(attr) + b"'"


def setinfo_invalid(attr: bytes) -> bytes:
    """``lib-name cannot contain spaces, newlines or special characters.`` (Redis 7.2)."""
    return b"ERR " + cstring(attr) + b" cannot contain spaces, newlines or special characters."


# --- keys (db.c: scanGenericCommand, copyCommand, moveCommand; expire.c) --------------------
INVALID_CURSOR = "ERR invalid cursor"  # db.c parseScanCursorOrReply
SAME_OBJECT = "ERR source and destination objects are the same"  # server.c shared.sameobjecterr
EXPIRE_NX_AND_OTHERS = "ERR NX and XX, GT or LT options at the same time are not compatible"
EXPIRE_GT_AND_LT = "ERR GT and LT options at the same time are not compatible"


def unsupported_option(option: bytes) -> bytes:
    """``Unsupported option x`` (expire.c parseExtendedExpireArgumentsOrReply), a C string."""
    return b"ERR Unsupported option " + cstring(option)


def not_between(low: int, high: int) -> str:
    """``value is out of range, value must between L and H`` (object.c, sic: no "be").

    getRangeLongFromObjectOrReply; getIntFromObjectOrReply (MOVE, COPY DB, SELECT) uses it
    with INT_MIN..INT_MAX.
    """
    return f"ERR value is out of range, value must between {low} and {high}"


# --- server group: admin.py / introspection.py / info.py (server.c, config.c, debug.c) -------
GETKEYS_INVALID_COMMAND = "ERR Invalid command specified"  # server.c getKeysSubcommandImpl
GETKEYS_NO_KEYS = "ERR The command has no key arguments"
GETKEYS_INVALID_ARITY = "ERR Invalid number of arguments specified for command"
GETKEYS_INVALID_ARGUMENTS = "ERR Invalid arguments specified for command"
NO_CONFIG_FILE = "ERR The server is running without a config file"  # config.c configRewrite
CONFIG_REWRITE_UNSUPPORTED = "ERR Rewriting config file: Operation not supported"  # + strerror
NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress."  # server.c shutdownCommand
FUNCTION_FLUSH_MODE = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option"  # functions.c
DEBUG_NOT_ALLOWED = (  # server.c processCommand, for the enable-debug-command config
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you '
    "can run it from a local connection, otherwise you need to set this option in the "
    "configuration file, and then restart the server."
)


# --- config.c -------------------------------------------------------------------------------
# Two audiences read these texts. A bad line in redis.conf or on the command line prints the
# "*** FATAL CONFIG FILE ERROR ***" block with the bare reason (ConfigError below); CONFIG SET
# wraps the same reason in config_set_failed(). Verified against redis-server 7.0.15.


class ConfigError(Exception):
    """A config file / command-line error: Redis prints the FATAL CONFIG FILE ERROR block.

    ``lineno`` and ``line`` name the offending line of the loaded text (file, then stdin,
    then the command-line options, one ``--name args`` per line); both are None for the
    checks Redis runs after the last line (``Can't open the log file: ...``).
    """

    def __init__(self, message: str, lineno: int | None = None, line: str | None = None) -> None:
        self.message = message
        self.lineno = lineno
        self.line = line
        super().__init__(message)


# loadServerConfigFromString
CONFIG_BAD_DIRECTIVE = "Bad directive or wrong number of arguments"
CONFIG_WRONG_ARGS = "wrong number of arguments"
CONFIG_UNBALANCED_QUOTES = "Unbalanced quotes in configuration line"
CONFIG_SENTINEL_DIRECTIVE = "sentinel directive while not in sentinel mode"
CONFIG_MODULE_NO_VALUE = "Module config specified without value"
# Redis logs this one at start-up and exits 1 (moduleLoadFromQueue); the FATAL block shows it.
CONFIG_MODULE_NOT_LOADED = (
    "Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting"
)
# miniredis's own: features a config may ask for that miniredis does not have.
CONFIG_NO_MODULES = "loadmodule: miniredis cannot load Redis modules"
CONFIG_NO_SENTINEL = "sentinel: miniredis does not implement Sentinel mode"
# value parsers: boolConfigSet, numericParseString, numericBoundaryCheck, enumConfigSet
CONFIG_NOT_BOOL = "argument must be 'yes' or 'no'"
CONFIG_NOT_INTEGER = "argument couldn't be parsed into an integer"
CONFIG_NOT_OCTAL = "argument couldn't be parsed as an octal number"
CONFIG_NOT_MEMORY = "argument must be a memory value"
CONFIG_NOT_MEMORY_OR_PERCENT = "argument must be a memory or percent value"
# special setters
CONFIG_SAVE_INVALID = "Invalid save parameters"
CONFIG_BIND_TOO_MANY = "Too many bind addresses specified."
CONFIG_MASTER_PORT = "Invalid master port"
CONFIG_OBUF_ARGS = "Wrong number of arguments in buffer limit configuration."
CONFIG_OBUF_CLASS = "Invalid client class specified in buffer limit configuration."
CONFIG_OBUF_VALUES = "Error in hard, soft or soft_seconds setting in buffer limit configuration."
CONFIG_OOM_VALUES = "Invalid oom-score-adj-values, elements must be between -2000 and 2000."
CONFIG_NOTIFY_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."
CONFIG_PERCENTILES_INVALID = "Invalid latency-tracking-info-percentiles parameters"
CONFIG_PERCENTILES_RANGE = (
    "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"
)
CONFIG_SHUTDOWN_SAVE_NOSAVE = "shutdown options SAVE and NOSAVE can't be used simultaneously"
CONFIG_DBFILENAME_PATH = "dbfilename can't be a path, just a filename"
CONFIG_AOFFILENAME_PATH = "appendfilename can't be a path, just a filename"
CONFIG_AOFFILENAME_EMPTY = "appendfilename can't be empty"
CONFIG_AOFDIRNAME_PATH = "appenddirname can't be a path, just a dirname"
CONFIG_AOFDIRNAME_EMPTY = "appenddirname can't be empty"
CONFIG_PROC_TITLE = "template format is invalid or contains unknown variables"
CONFIG_HOSTNAME = "Hostnames may only contain alphanumeric characters, hyphens or dots"
# configSetCommand
CONFIG_IMMUTABLE = "can't set immutable config"
CONFIG_PROTECTED = "can't set protected config"
CONFIG_DUPLICATE = "duplicate parameter"
# applyBind / updatePort (the apply step after a successful set)
CONFIG_BIND_FAILED = "Failed to bind to specified addresses."
CONFIG_PORT_FAILED = "Unable to listen on this port. Check server logs."


def config_out_of_range(low: int | str, high: int | str) -> str:
    """numericBoundaryCheck: bounds in decimal, or in octal for unixsocketperm (0 and 777)."""
    return f"argument must be between {low} and {high} inclusive"


def config_percent_too_big(limit: int) -> str:
    """numericBoundaryCheck for PERCENT_CONFIG values (maxmemory-clients 101%)."""
    return f"percentage argument must be less or equal to {limit}"


def config_enum_choices(names: list[str]) -> str:
    """enumConfigSet: every accepted name, in the enum table's order."""
    return "argument(s) must be one of the following: " + ", ".join(names)


def config_log_file(reason: str) -> str:
    """The check after the last line: the logfile must open for appending."""
    return f"Can't open the log file: {reason}"


def config_set_unknown(name: bytes) -> bytes:
    """``CONFIG SET nosuch 1``: the name as the client spelled it."""
    return b"ERR Unknown option or number of arguments for CONFIG SET - '" + name + b"'"


def config_set_failed(name: bytes, reason: str) -> bytes:
    """``CONFIG SET port abc``: a value, immutable, protected or duplicate error."""
    prefix = b"ERR CONFIG SET failed (possibly related to argument '"
    return prefix + name + b"') - " + reason.encode()


# --- lists (t_list.c; object.c getPositiveLongFromObjectOrReply) ---------------------------
MUST_BE_POSITIVE = "ERR value is out of range, must be positive"  # LPOP/RPOP count
INDEX_OUT_OF_RANGE = "ERR index out of range"  # LSET (shared.outofrangeerr)
LPOS_RANK_ZERO = (
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
    "negative to start from the end of the list"
)
LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative"
LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative"
NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0"  # LMPOP (and ZMPOP, BLMPOP...)
COUNT_NOT_POSITIVE = "ERR count should be greater than 0"  # LMPOP COUNT (and ZMPOP...)


# --- sets (t_set.c) -------------------------------------------------------------------------
# SPOP count: MUST_BE_POSITIVE (lists section); SRANDMEMBER -2**63: not_between(); SINTERCARD
# numkeys: NUMKEYS_NOT_POSITIVE (lists section)
NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args"  # SINTERCARD
LIMIT_NEGATIVE = "ERR LIMIT can't be negative"  # SINTERCARD LIMIT (and ZINTERCARD)


# --- sorted sets (t_zset.c) -----------------------------------------------------------------
# ZPOPMIN count: MUST_BE_POSITIVE; ZMPOP: NUMKEYS_NOT_POSITIVE, COUNT_NOT_POSITIVE (lists
# section); ZINTERCARD LIMIT: LIMIT_NEGATIVE (sets section); ZRANDMEMBER -2**63: not_between().
ZADD_XX_AND_NX = "ERR XX and NX options at the same time are not compatible"
ZADD_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible"
ZADD_INCR_PAIRS = "ERR INCR option supports a single increment-element pair"
ZSET_NAN_SCORE = "ERR resulting score is not a number (NaN)"
ZSET_MIN_MAX_NOT_FLOAT = "ERR min or max is not a float"  # zslParseRange
ZSET_MIN_MAX_NOT_LEX = "ERR min or max not valid string range item"  # zslParseLexRange
ZRANGE_LIMIT_NEEDS_BY = (
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
)
ZRANGE_WITHSCORES_BYLEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
ZSET_WEIGHT_NOT_FLOAT = "ERR weight value is not a float"  # ZUNION/ZINTER WEIGHTS


def zset_at_least_one_key(command: str) -> str:
    """``at least 1 input key is needed for 'zunion' command`` (zunionInterDiffGenericCommand)."""
    return f"ERR at least 1 input key is needed for '{command}' command"


# --- hashes (t_hash.c) ----------------------------------------------------------------------
# HRANDFIELD count -2**63: not_between(); with WITHVALUES beyond +-LONG_MAX/2: OUT_OF_RANGE.
HASH_VALUE_NOT_INTEGER = "ERR hash value is not an integer"  # HINCRBY on a non-integer field
HASH_VALUE_NOT_FLOAT = "ERR hash value is not a float"  # HINCRBYFLOAT on a non-number field
HINCRBYFLOAT_NAN_OR_INF = "ERR value is NaN or Infinity"  # HINCRBYFLOAT's increment


# --- blocking, SORT, OBJECT (blocked.c, timeout.c, sort.c, object.c) ------------------------
TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range"  # getTimeoutFromObjectOrReply
UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK"  # unblockClientOnError
SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double"
OBJECT_NO_LFU = (
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
    "that when switching between policies at runtime LRU and LFU data will take some time to "
    "adjust."
)
OBJECT_LFU_NO_IDLETIME = (
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust."
)
