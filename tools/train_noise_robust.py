"""An experiment for issue 4 (docs/stateful.md, "Square at L-inf 0.2"): the bundled CNN's architecture and
training recipe (tools/train_models.py), trained with random L-inf noise up to 0.25 on half of each batch
(iid signs per pixel, or one sign per column or per row: stripes, as Square starts from), to see whether a
model that random noise at the assessment radius cannot flip closes the attacks that succeed at query 1.
Not a bundled model: it writes /tmp/robust/fashion-cnn-noise.onnx only. The bundled noise-trained model,
models/fashion-cnn-robust.onnx (the default policy's model since session 10), is made by
`tools/train_models.py --only fashion-cnn-robust` with the same noise.

    /usr/bin/python3 tools/train_noise_robust.py noise 6     # Debian python3-torch; about 6 min on 1 thread
    /usr/bin/python3 tools/train_noise_robust.py gauss 6 0.25   # Gaussian noise, per image sigma U(0, 0.25), every image:
                                                                 # a base model for randomized smoothing (Cohen et al. 2019)
"""
import sys, time, torch, torch.nn.functional as F, numpy as np
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import train_models as tm
torch.set_num_threads(1)
mode = sys.argv[1]   # noise | gauss | none
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 6
sigma_max = float(sys.argv[3]) if len(sys.argv) > 3 else 0.25
xi, yi = tm.load_split(tm.DATASET_DIR, 'train'); xt, yt = tm.load_split(tm.DATASET_DIR, 'test')
x_train, y_train = tm.to_tensor(xi, yi); x_test, y_test = tm.to_tensor(xt, yt)
tm.seed_everything(1)
model = tm.FashionCNN()
opt = torch.optim.Adam(model.parameters(), lr=tm.LEARNING_RATE)
n = x_train.shape[0]; steps = (n + tm.BATCH_SIZE - 1) // tm.BATCH_SIZE
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps)
gen = torch.Generator(); gen.manual_seed(1)
def gaussian(xb):
    # Cohen et al. train the base classifier under the noise it will be smoothed with; a per-image sigma up to
    # sigma_max keeps it accurate at every smaller sigma too. Not clamped: smoothing adds unclamped noise.
    b = xb.shape[0]
    sigma = torch.rand(b, 1, 1, 1, generator=gen) * sigma_max
    return xb + sigma * torch.randn(xb.shape, generator=gen)
start = time.time()
for epoch in range(epochs):
    model.train(); perm = torch.randperm(n, generator=gen)
    for i in range(0, n, tm.BATCH_SIZE):
        idx = perm[i:i + tm.BATCH_SIZE]; xb = x_train[idx]; yb = y_train[idx]
        if mode == 'noise': xb = tm.linf_noise(xb, 0.25, gen)   # as fashion-cnn-robust
        if mode == 'gauss': xb = gaussian(xb)
        opt.zero_grad(); logits, _ = model(xb); loss = F.cross_entropy(logits, yb); loss.backward(); opt.step(); sched.step()
    print('epoch', epoch + 1, 'acc', tm.evaluate_torch(model, x_test, y_test), '%.0fs' % (time.time() - start), flush=True)
model.eval()
# Square-init robustness: random +-0.2 column stripes on the first 2000 test images
with torch.no_grad():
    x = x_test[:2000]; y = y_test[:2000]
    clean = model(x)[0].argmax(1) == y
    g = torch.Generator(); g.manual_seed(5)
    s = (torch.randint(0, 2, (2000, 1, 1, 28), generator=g).float() * 2 - 1)
    st = model((x + 0.2 * s).clamp(0, 1))[0].argmax(1) == y
    print('clean acc first 2000 %.4f; stripes 0.2: still right %.4f of clean-correct' % (clean.float().mean(), (st & clean).float().sum() / clean.float().sum()))
__import__('os').makedirs('/tmp/robust', exist_ok=True)
tm.export_onnx(model, '/tmp/robust/fashion-cnn-%s.onnx' % mode)
print('exported')
