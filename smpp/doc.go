// Package smpp is an SMPP 3.4 client (ESME) for sending text messages
// through an operator's SMSC, in the spirit of net/smtp: it knows the
// protocol and nothing about the application.
//
// The layers, from the wire up:
//
//   - PDUs (pdu.go, header.go, tlv.go): Encode, Decode and ReadPDU for
//     bind_transceiver/transmitter/receiver and their responses,
//     submit_sm, deliver_sm, enquire_link, unbind and generic_nack; other
//     commands decode as *RawPDU. Optional parameters (TLVs) after the
//     mandatory ones are kept. Decoding never panics.
//   - Text (text.go): EncodeText picks data_coding 0x00 (GSM 03.38 basic
//     characters that are ASCII) or 0x08 (UCS-2) and splits long texts
//     into concatenated parts with a user data header.
//   - Receipts (receipt.go): ParseReceipt and ReceiptFrom read SMSC
//     delivery receipts.
//   - Client (client.go): one bound transceiver connection — Dial, Submit,
//     keep-alive, receipts to Config.OnReceipt, Close with unbind.
//   - Session (session.go): a Client that redials with exponential
//     backoff; Submit fails fast with a temporary error while disconnected.
//
// Errors: an SMSC refusal is a *StatusError carrying the command_status;
// IsTemporary tells whether retrying later makes sense (throttling, SMSC
// system errors, lost connections) or not (invalid destination, bind
// refused).
//
// Typical use:
//
//	s := smpp.NewSession("smsc.example.net:2775", smpp.Config{
//		SystemID:  "esme",
//		Password:  "secret",
//		OnReceipt: func(r smpp.DeliveryReceipt) { /* r.MessageID, r.Stat */ },
//	}, smpp.Backoff{Base: time.Second, Max: time.Minute, Jitter: 0.2})
//	defer s.Close()
//	ids, err := s.Submit(ctx, smpp.SubmitRequest{
//		Source: "10690000", Dest: "8613800138000",
//		Text: "您的验证码为 482913", RegisteredDelivery: true,
//	})
//	if smpp.IsTemporary(err) {
//		// retry later
//	}
//
// Package smsctest provides an SMSC for tests.
package smpp
