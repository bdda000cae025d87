// SDP bodies as real phones send them (captured shapes, addresses changed), for the tests.
// LF line ends here; the tests also feed them with CRLF.

export const BARESIP_OFFER = `v=0
o=- 1262457162 3589874245 IN IP4 192.168.1.50
s=-
c=IN IP4 192.168.1.50
t=0 0
a=tool:baresip 3.10.1
m=audio 10374 RTP/AVP 96 9 0 8 101
b=AS:93
a=rtpmap:96 opus/48000/2
a=fmtp:96 stereo=1;sprop-stereo=1
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=sendrecv
a=label:1
a=ssrc:3470151421 cname:sip:alice@192.168.1.50
a=rtcp-rsize
a=ptime:20
`;

export const LINPHONE_OFFER = `v=0
o=bob 2290 1593 IN IP4 10.0.0.23
s=Talk
c=IN IP4 10.0.0.23
t=0 0
a=ice-pwd:31ec21eb38b2ec6d36e8dc7b
a=ice-ufrag:0c1b3b6f
a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics
a=record:off
m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100
a=rtpmap:96 opus/48000/2
a=fmtp:96 useinbandfec=1
a=rtpmap:97 speex/16000
a=fmtp:97 vbr=on
a=rtpmap:98 speex/8000
a=fmtp:98 vbr=on
a=fmtp:18 annexb=yes
a=rtpmap:101 telephone-event/48000
a=rtpmap:99 telephone-event/16000
a=rtpmap:100 telephone-event/8000
a=rtcp:7079
a=candidate:1 1 UDP 2130706431 10.0.0.23 7078 typ host
a=candidate:1 2 UDP 2130706430 10.0.0.23 7079 typ host
a=candidate:2 1 UDP 1694498815 203.0.113.7 41388 typ srflx raddr 10.0.0.23 rport 7078
a=rtcp-fb:* trr-int 1000
a=rtcp-fb:* ccm tmmbr
m=video 9078 RTP/AVP 96 97
a=rtpmap:96 VP8/90000
a=rtpmap:97 H264/90000
a=fmtp:97 profile-level-id=42801F
a=rtcp:9079
a=rtcp-fb:* trr-int 1000
a=rtcp-fb:96 nack pli
`;

export const CISCO_7821_OFFER = `v=0
o=- 4086 4086 IN IP4 192.168.10.21
s=-
c=IN IP4 192.168.10.21
t=0 0
m=audio 16466 RTP/AVP 0 8 18 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729a/8000
a=fmtp:18 annexb=no
a=rtpmap:9 G722/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
a=sendrecv
`;

/** The same Cisco 7821 putting the call on hold: a re-INVITE with a=sendonly and version + 1. */
export const CISCO_7821_HOLD = CISCO_7821_OFFER.replace("o=- 4086 4086", "o=- 4086 4087").replace(
  "a=sendrecv",
  "a=sendonly",
);

export const YEALINK_OFFER = `v=0
o=- 20012 20012 IN IP4 192.168.1.104
s=SDP data
c=IN IP4 192.168.1.104
t=0 0
m=audio 11800 RTP/AVP 0 8 18 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:9 G722/8000
a=fmtp:101 0-15
a=rtpmap:101 telephone-event/8000
a=ptime:20
a=sendrecv
`;

export const GRANDSTREAM_OFFER = `v=0
o=1001 8000 8000 IN IP4 192.168.2.77
s=SIP Call
c=IN IP4 192.168.2.77
t=0 0
m=audio 5004 RTP/AVP 8 0 18 9 97 2 123 101
c=IN IP4 192.168.2.77
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:9 G722/8000
a=rtpmap:97 iLBC/8000
a=fmtp:97 mode=20
a=rtpmap:2 G726-32/8000
a=rtpmap:123 opus/48000/2
a=fmtp:123 maxplaybackrate=16000; sprop-maxcapturerate=16000; maxaveragebitrate=12000; useinbandfec=1
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
a=ptime:20
a=sendrecv
`;

/** An RFC 2543-era phone holding with c=0.0.0.0 (RFC 3264 §8.4) and no direction attribute. */
export const OLD_HOLD_OFFER = `v=0
o=user 53655765 2353687638 IN IP4 0.0.0.0
s=-
c=IN IP4 0.0.0.0
t=0 0
m=audio 3456 RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-15
`;

/** Only codecs pibx does not have. */
export const G729_ONLY_OFFER = `v=0
o=- 1 1 IN IP4 192.0.2.9
s=-
c=IN IP4 192.0.2.9
t=0 0
m=audio 4000 RTP/AVP 18
a=rtpmap:18 G729/8000
`;

export const GOLDEN: Record<string, string> = {
  baresip: BARESIP_OFFER,
  linphone: LINPHONE_OFFER,
  cisco7821: CISCO_7821_OFFER,
  cisco7821Hold: CISCO_7821_HOLD,
  yealink: YEALINK_OFFER,
  grandstream: GRANDSTREAM_OFFER,
  oldHold: OLD_HOLD_OFFER,
  g729Only: G729_ONLY_OFFER,
};
