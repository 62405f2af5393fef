// Package rules holds the ICP filing (ICP备案) rules that need no storage:
// the province table, the code lists of the filing form, and the checks for
// certificate numbers, mobile numbers, email addresses, domains, IP addresses
// and filing or licence numbers.
//
// Everything here is a pure function over its arguments and the data embedded
// from data/. Nothing reads the clock: functions that compare with "today"
// take the time as an argument.
//
// Errors are in Simplified Chinese and say what is wrong without naming the
// field; the caller prefixes the field, e.g. "certNo: 校验位错误，应为X".
package rules
