"""Trains the FER expression net (face-net-v1) that visual-v3 runs on every face.

Input: the arrays dump-fer.ts writes (24 x 24 luma crops, FER classes, the project's split).
Net: 3 blocks of [conv 3x3 same -> batch-norm -> ReLU] x 2 -> max-pool 2x2 (32, 64, 128 filters),
global average pooling, dropout, linear over the 7 FER classes (softmax at inference).
Each crop is standardised (zero mean, unit std, the same formula as model.ts standardise); training
crops are random 22 x 22 windows of the 24 px crop with a random horizontal flip, valid/test/app use
the centre window. AdamW, cosine learning rate, batch 64. The epoch is chosen on valid only, by the
happy-vs-{sad, angry, fear, disgust} balanced accuracy at valid's best threshold of
s = p(happy) / (p(happy) + sum p(negative)); test is evaluated once, for the chosen epoch.

Writes OUT/weights.f32 + OUT/weights.json (tensors in TensorFlow.js layer order and layout) and
OUT/history.json. Deterministic for a seed on one machine (CPU, fixed thread count).

  python3 scripts/face-net/train_face_net.py DATA_DIR OUT_DIR [--epochs 40] [--seed 1] [--threads 2]
"""
import argparse, json, math, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']
HAPPY = CLASSES.index('happy')
NEG = [CLASSES.index(c) for c in ('angry', 'disgust', 'fear', 'sad')]
SIDE, WIN = 24, 22


def standardise(x):
    m = x.mean(axis=(1, 2), keepdims=True)
    v = ((x - m) ** 2).mean(axis=(1, 2), keepdims=True)
    return (x - m) / np.sqrt(v + (2 / 255) ** 2)


class Net(nn.Module):
    def __init__(self, filters, dropout):
        super().__init__()
        layers, cin = [], 1
        for f in filters:
            for _ in range(2):
                layers += [nn.Conv2d(cin, f, 3, padding=1, bias=False), nn.BatchNorm2d(f, eps=1e-3, momentum=0.1), nn.ReLU()]
                cin = f
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(cin, len(CLASSES))

    def forward(self, x):
        return self.fc(self.drop(self.features(x).mean(dim=(2, 3))))


def binary(p, y):
    keep = np.isin(y, NEG + [HAPPY])
    h = p[keep, HAPPY]
    n = p[keep][:, NEG].sum(1)
    return h / np.maximum(h + n, 1e-12), (y[keep] == HAPPY).astype(np.uint8)


def balanced_at(s, lab, t):
    pos = lab == 1
    return 0.5 * ((s[pos] >= t).mean() + (s[~pos] < t).mean())


def best_threshold(s, lab):
    cands = np.unique(np.round(s, 3))
    b = [balanced_at(s, lab, t) for t in cands]
    i = int(np.argmax(b))
    return float(cands[i]), float(b[i])


def predict(net, x):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), 512):
            xb = torch.from_numpy(x[i:i + 512, None, 1:1 + WIN, 1:1 + WIN])
            out.append(F.softmax(net(xb), dim=1).numpy())
    return np.concatenate(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data'); ap.add_argument('out')
    ap.add_argument('--epochs', type=int, default=40)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--filters', default='32,64,128')
    ap.add_argument('--dropout', type=float, default=0.3)
    a = ap.parse_args()
    torch.manual_seed(a.seed); torch.set_num_threads(a.threads)
    rng = np.random.default_rng(a.seed)
    x = np.fromfile(os.path.join(a.data, 'x.f32'), dtype='<f4').reshape(-1, SIDE, SIDE)
    y = np.fromfile(os.path.join(a.data, 'y.u8'), dtype=np.uint8).astype(np.int64)
    sp = np.fromfile(os.path.join(a.data, 'split.u8'), dtype=np.uint8)
    x = standardise(x).astype(np.float32)
    xtr, ytr = x[sp == 0], y[sp == 0]
    xva, yva = x[sp == 1], y[sp == 1]
    xte, yte = x[sp == 2], y[sp == 2]
    print(f'train {len(ytr)} valid {len(yva)} test {len(yte)}', flush=True)
    filters = [int(f) for f in a.filters.split(',')]
    net = Net(filters, a.dropout)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    steps = a.epochs * math.ceil(len(ytr) / a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.025 + 0.975 * 0.5 * (1 + math.cos(math.pi * min(k, steps) / steps)))
    history, best, best_state = [], -1.0, None
    os.makedirs(a.out, exist_ok=True)
    for ep in range(1, a.epochs + 1):
        t0 = time.time(); net.train()
        order = rng.permutation(len(ytr)); tot = 0.0
        for i in range(0, len(order), a.batch):
            idx = order[i:i + a.batch]
            ox, oy = rng.integers(0, SIDE - WIN + 1, 2)
            xb = xtr[idx, oy:oy + WIN, ox:ox + WIN].copy()
            flip = rng.random(len(idx)) < 0.5
            xb[flip] = xb[flip, :, ::-1]
            xb_t = torch.from_numpy(np.ascontiguousarray(xb[:, None]))
            loss = F.cross_entropy(net(xb_t), torch.from_numpy(ytr[idx]))
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            tot += loss.item() * len(idx)
        pv = predict(net, xva)
        s, lab = binary(pv, yva)
        thr, bal = best_threshold(s, lab)
        row = {'epoch': ep, 'lr': opt.param_groups[0]['lr'], 'trainLoss': tot / len(ytr), 'valid7': float((pv.argmax(1) == yva).mean()),
               'validBalanced05': float(balanced_at(s, lab, 0.5)), 'validBalanced': bal, 'threshold': thr, 'seconds': time.time() - t0}
        history.append(row); print(json.dumps(row), flush=True)
        if bal > best:
            best = bal; best_state = {k: v.clone() for k, v in net.state_dict().items()}; best_row = row
    net.load_state_dict(best_state)
    pt = predict(net, xte)
    s, lab = binary(pt, yte)
    test = {'test7': float((pt.argmax(1) == yte).mean()), 'testBalancedAtValidThreshold': float(balanced_at(s, lab, best_row['threshold'])),
            'testBalanced05': float(balanced_at(s, lab, 0.5))}
    print('chosen', json.dumps(best_row), 'test', json.dumps(test), flush=True)
    # TensorFlow.js layer order: per conv kernel [kh, kw, in, out]; per batch-norm gamma, beta, moving mean, moving variance; dense kernel [in, out], bias
    tensors, specs = [], []
    sd = net.state_dict()
    mods = [m for m in net.features if isinstance(m, (nn.Conv2d, nn.BatchNorm2d))]
    names = [k for k in sd if not k.endswith('num_batches_tracked')]
    ki = 0
    for m in mods:
        if isinstance(m, nn.Conv2d):
            tensors.append(m.weight.detach().numpy().transpose(2, 3, 1, 0))
        else:
            tensors += [m.weight.detach().numpy(), m.bias.detach().numpy(), m.running_mean.numpy(), m.running_var.numpy()]
    tensors += [net.fc.weight.detach().numpy().T, net.fc.bias.detach().numpy()]
    with open(os.path.join(a.out, 'weights.f32'), 'wb') as f:
        for t in tensors:
            f.write(np.ascontiguousarray(t, dtype='<f4').tobytes())
    meta = {'classes': CLASSES, 'side': SIDE, 'window': WIN, 'filters': filters, 'dropout': a.dropout, 'bnEpsilon': 1e-3,
            'shapes': [list(t.shape) for t in tensors], 'seed': a.seed, 'epochs': a.epochs, 'chosen': best_row, 'test': test,
            'torch': torch.__version__, 'threads': a.threads, 'history': history,
            'sampleOutputs': predict(net, xte[:8]).tolist()}
    with open(os.path.join(a.out, 'weights.json'), 'w') as f:
        json.dump(meta, f, indent=1)


if __name__ == '__main__':
    main()
