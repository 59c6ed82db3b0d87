/**
 * face-net-v1's identity without its code (no tfjs): the dims tables and the CLI read these, the
 * face worker loads the net itself through face-net.ts.
 */
export const FACE_NET_ID = 'face-net-v1';
/** FER2013's classes, in the order of the net's outputs. */
export const FACE_NET_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'] as const;
/** The side the net's crops are stored at (FER's 48 px halved) and the centre window it reads. */
export const FACE_NET_SIDE = 24;
export const FACE_NET_WINDOW = 22;
