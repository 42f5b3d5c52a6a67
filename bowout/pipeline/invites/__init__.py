"""Calendar in and out, with the ``icalendar`` library: invitations become interviews
(``reading``, ``applying``), and a feed of interviews, send-by deadlines and follow-ups goes out
(``feed``) with stable UIDs and cancellations that raise the SEQUENCE."""
