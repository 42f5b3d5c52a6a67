"""Mail in: the user's mail read locally (mbox, Maildir, .eml folders, IMAP read-only), rebuilt
into threads, matched to processes, and turned into the reply debt `status` shows.

``letters`` parses one message, ``sources`` reads files and folders, ``signals`` tells what a
message does (asks something, is automated, reads as an invitation), ``threads`` and
``matching`` place it, ``ingest`` writes it to the store, ``proposals`` lists threads that look
like new processes, ``imapsync`` and ``credentials`` read an IMAP account.
"""
