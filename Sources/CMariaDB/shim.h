#ifndef FERRY_MARIADB_SHIM_H
#define FERRY_MARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

/* mysql_library_init is a macro; Swift cannot call macros. */
static inline int ferry_mysql_library_init(void) { return mysql_server_init(0, 0, 0); }

/* Flag macros from mariadb_com.h, as constants Swift can see. */
static const unsigned int FERRY_NOT_NULL_FLAG = NOT_NULL_FLAG;
static const unsigned int FERRY_UNSIGNED_FLAG = UNSIGNED_FLAG;
static const unsigned int FERRY_BINARY_FLAG = BINARY_FLAG;
static const unsigned int FERRY_ENUM_FLAG = ENUM_FLAG;
static const unsigned int FERRY_SET_FLAG = SET_FLAG;
static const int FERRY_MYSQL_NO_DATA = MYSQL_NO_DATA;
static const int FERRY_MYSQL_DATA_TRUNCATED = MYSQL_DATA_TRUNCATED;
#endif
