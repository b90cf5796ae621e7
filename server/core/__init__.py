"""What every app of the desk shares and none owns: error codes and refusals, text
validators, permission names and the actors that services check.  It imports no app:
the direction is api → tickets → accounts → core."""
