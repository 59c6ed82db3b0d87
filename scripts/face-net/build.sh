#!/usr/bin/env bash
# Reproduces models/face-net-v1 (npm run train:face-net): the FER2013 expression net visual-v3 runs
# on every face. Three steps (README.md next to this file):
#   1. dump-fer.ts       the FER2013 train crops with the project's selection and split, as arrays
#   2. train_face_net.py PyTorch on the CPU (Debian's python3-torch), epoch chosen on valid only
#   3. export.ts         TensorFlow.js weights into models/face-net-v1, checked through the app's path
#                        (parity with PyTorch, FER valid/test read as the app reads a crop)
# Needs python3 with torch and numpy (apt-get install python3-torch). 25-60 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${CORRKD_SHARED_DATA:-../shared/data}"
WORK="${CORRKD_TRAIN_DIR:-.cache/face-net}"
PY="${PYTHON:-python3}"
"$PY" -c 'import torch, numpy' 2>/dev/null || { echo "python3 with torch and numpy is needed (Debian: apt-get install python3-torch); set PYTHON=... to choose the interpreter" >&2; exit 1; }
mkdir -p "$WORK"
CORRKD_SHARED_DATA="$DATA" npx tsx scripts/face-net/dump-fer.ts "$WORK/data"
"$PY" scripts/face-net/train_face_net.py "$WORK/data" "$WORK/run" --epochs 30 --seed 1 --threads 2 | tee "$WORK/train-log.txt"
npx tsx scripts/face-net/export.ts "$WORK/run" --out models/face-net-v1 --json "$WORK/export-report.json"
