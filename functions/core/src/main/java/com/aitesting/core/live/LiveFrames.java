package com.aitesting.core.live;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;

/** The live protocol's server messages (written by the api module's LiveMessages, the protocol's one home). */
public interface LiveFrames {
    String event(RunEvent event);

    String end(RunId run);

    /** The error a connection is sent when the credential it was opened with expires, before it is closed. */
    String expired();
}
