// Package email delivers Beian notification mails over SMTP.
//
// A Sender is built once from a Config (the BEIAN_SMTP_* settings the
// README documents) and is safe for concurrent use; every Send opens its own
// connection, delivers one message and closes it. Messages are UTF-8,
// base64 transfer-encoded, with the subject and the sender's display name
// encoded per RFC 2047. A message with an HTML body becomes
// multipart/alternative with the text part first.
//
// Send is meant to be driven by a retrying queue: IsPermanent separates
// failures worth retrying from those that are not, and Message.ID gives
// every delivery attempt of one message the same Message-ID header so a
// duplicate caused by a lost server reply can be recognised.
package email
