// usbemu::Device: answers the usbdevfs ioctls libusb issues (SUBMITURB, REAPURBNDELAY, DISCARDURB, ...) from a
// model; see usb_emulator.hpp.
#include "usb_emulator.hpp"

#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <pty.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace reef::test::usbemu {

namespace {

std::string hex(const std::vector<uint8_t> &v) {
  static const char *d = "0123456789ABCDEF";
  std::string s;
  for (uint8_t b : v) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

UMockdevIoctlData *resolve(UMockdevIoctlData *parent, size_t offset, size_t len) {
  GError *err = nullptr;
  UMockdevIoctlData *d = umockdev_ioctl_data_resolve(parent, offset, len, &err);
  if (err) {
    std::fprintf(stderr, "usbemu: resolve failed: %s\n", err->message);
    g_error_free(err);
  }
  return d;  // new reference, or nullptr (also for NULL pointers / len 0)
}

}  // namespace

void ensure_preload(char **argv) {
  const char *pl = std::getenv("LD_PRELOAD");
  if ((pl && std::strstr(pl, "libumockdev-preload")) || std::getenv("USBEMU_REEXECED")) return;
  if (pl && std::strstr(pl, "vgpreload")) {  // /proc/self/exe would be valgrind's tool
    std::fprintf(stderr,
                 "usbemu: under valgrind, start with LD_PRELOAD=libumockdev-preload.so.0 "
                 "(e.g. umockdev-wrapper valgrind PROG)\n");
    std::exit(77);
  }
  std::string v = std::string(pl && *pl ? std::string(pl) + ":" : "") + "libumockdev-preload.so.0";
  setenv("LD_PRELOAD", v.c_str(), 1);
  setenv("USBEMU_REEXECED", "1", 1);  // guard against exec loops
  // ASan insists on being first in the library list; with the preload in
  // front it aborts ("ASan runtime does not come first") unless told not to.
  const char *ao = std::getenv("ASAN_OPTIONS");
  std::string a = std::string(ao && *ao ? std::string(ao) + ":" : "") + "verify_asan_link_order=0";
  setenv("ASAN_OPTIONS", a.c_str(), 1);
  execv("/proc/self/exe", argv);
  std::perror("usbemu: execv /proc/self/exe");
  std::exit(127);
}

Device::Device(UMockdevTestbed *testbed, Config cfg) : cfg_(std::move(cfg)), tb_(testbed) { g_object_ref(tb_); }

Device::~Device() {
  if (plugged_) {
    // Stop serving (sysfs is left to the testbed's teardown).  Close all
    // libusb handles on this device before destroying the Device.
    g_signal_handlers_disconnect_by_data(handler_, this);
    GError *err = nullptr;
    umockdev_testbed_detach_ioctl(tb_, devnode().c_str(), &err);
    g_clear_error(&err);
  }
  // The worker completes the client's last ioctl while still holding
  // mutex_; the client may already have returned and destroyed us.  Wait
  // until the worker has left handle_ioctl().
  { std::lock_guard<std::recursive_mutex> lk(mutex_); }
  for (auto *q : {&inflight_, &completed_})
    for (auto &u : *q) release(u);
  if (handler_) g_object_unref(handler_);
  if (pty_master_ >= 0) close(pty_master_);
  g_object_unref(tb_);
}

std::string Device::devnode() const {
  char b[64];
  std::snprintf(b, sizeof b, "/dev/bus/usb/%03u/%03u", cfg_.busnum, cfg_.devnum);
  return b;
}

void Device::plug() {
  const std::vector<uint8_t> &d = cfg_.descriptors;
  if (d.size() < 18) g_error("usbemu: descriptors must start with an 18-byte device descriptor");
  char vidpid[64];
  std::snprintf(vidpid, sizeof vidpid, "A: idVendor=%02x%02x\nA: idProduct=%02x%02x\n", d[9], d[8], d[11], d[10]);

  // 1. handler first, so the node is served as soon as the "add" uevent goes out
  handler_ = umockdev_ioctl_base_new();
  g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(on_handle_ioctl), this);
  GError *err = nullptr;
  if (!umockdev_testbed_attach_ioctl(tb_, devnode().c_str(), handler_, &err))
    g_error("usbemu: attach_ioctl: %s", err->message);

  // 2. sysfs device (umockdev-record format).  libusb (udev backend) needs
  //    SUBSYSTEM=usb, DEVTYPE=usb_device, DEVNAME, and attributes busnum,
  //    devnum, descriptors (binary, bus-endian), speed, bConfigurationValue.
  std::string path = cfg_.syspath.substr(4);  // drop "/sys"
  char head[512];
  std::snprintf(head, sizeof head,
                "P: %s\nN: bus/usb/%03u/%03u\nE: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
                "E: DRIVER=usb\nE: DEVNAME=/dev/bus/usb/%03u/%03u\nE: BUSNUM=%03u\nE: DEVNUM=%03u\n"
                "A: busnum=%u\\n\nA: devnum=%u\\n\nA: speed=480\\n\nA: bConfigurationValue=1\\n\n"
                "A: dev=189:%u\\n\n",
                path.c_str(), cfg_.busnum, cfg_.devnum, cfg_.busnum, cfg_.devnum, cfg_.busnum, cfg_.devnum, cfg_.busnum,
                cfg_.devnum, (cfg_.busnum - 1) * 128 + cfg_.devnum - 1);
  std::string desc = std::string(head) + vidpid + "H: descriptors=" + hex(d) + "\n";

  // 3. add_from_string() creates the sysfs tree, a plain-file /dev node (for
  //    subsystem usb) and sends the "add" uevent (only if this process runs
  //    under the preload).
  if (!umockdev_testbed_add_from_string(tb_, desc.c_str(), &err)) g_error("usbemu: add_from_string: %s", err->message);

  // 4. optionally swap the node for a pty symlink.  libusb never opens the
  //    node during enumeration (it reads sysfs), so doing this after the
  //    "add" uevent is safe.
  if (cfg_.pty_node) {
    int slave = -1;
    char name[128];
    if (openpty(&pty_master_, &slave, name, nullptr, nullptr) < 0) g_error("usbemu: openpty: %s", g_strerror(errno));
    close(slave);
    // children (emu_helper's program under test) must not inherit the
    // master, or closing ours would not hang up the pty
    fcntl(pty_master_, F_SETFD, FD_CLOEXEC);
    gchar *root = umockdev_testbed_get_root_dir(tb_);
    std::string node = std::string(root) + devnode();
    g_free(root);
    unlink(node.c_str());
    if (symlink(name, node.c_str()) < 0) g_error("usbemu: symlink: %s", g_strerror(errno));
  }
  plugged_ = true;
}

void Device::unplug() {
  {
    std::lock_guard<std::recursive_mutex> lk(mutex_);
    if (!plugged_ || unplugged_) return;
    unplugged_ = true;
    // What the kernel does on disconnect: pending URBs are given back
    // with -ESHUTDOWN; libusb maps that to LIBUSB_TRANSFER_NO_DEVICE.
    for (auto &u : inflight_) {
      auto *urb = reinterpret_cast<usbdevfs_urb *>(u.urb->data);
      urb->status = -ESHUTDOWN;
      urb->actual_length = 0;
      completed_.push_back(u);
    }
    inflight_.clear();
  }
  // Hang up the pty: libusb's poll() gets POLLERR -> op_handle_events()
  // runs its real disconnect path (usbi_handle_disconnect()).
  // NOTE: if the process is a session leader without a controlling tty,
  // libusb's open() (no O_NOCTTY) made this pty its ctty and the hangup
  // sends SIGHUP.  Ignore SIGHUP in such test processes (e.g. under setsid).
  if (pty_master_ >= 0) {
    close(pty_master_);
    pty_master_ = -1;
  }
  // udev "remove" (libusb hotplug: DEVICE_LEFT), then drop sysfs + node.
  umockdev_testbed_uevent(tb_, cfg_.syspath.c_str(), "remove");
  umockdev_testbed_remove_device(tb_, cfg_.syspath.c_str());
}

void Device::kick() {
  std::lock_guard<std::recursive_mutex> lk(mutex_);
  process();
}

void Device::release(Urb &u) {
  if (u.buf) g_object_unref(u.buf);
  if (u.urb) g_object_unref(u.urb);
  u = Urb{};
}

int Device::control(const Setup &s, uint8_t *data) {
  const std::vector<uint8_t> &d = cfg_.descriptors;
  auto reply = [&](const uint8_t *p, size_t n) {
    n = n < s.wLength ? n : s.wLength;
    std::memcpy(data, p, n);
    return (int)n;
  };
  if (s.bmRequestType == 0x80 && s.bRequest == 0x06) {  // GET_DESCRIPTOR
    uint8_t type = s.wValue >> 8, idx = s.wValue & 0xff;
    if (type == 1) return reply(d.data(), 18);
    if (type == 2 && idx == 0 && d.size() >= 18 + 4) return reply(d.data() + 18, d[18 + 2] | (d[18 + 3] << 8));
    if (type == 3 && idx == 0) {
      static const uint8_t langs[] = {4, 3, 0x09, 0x04};
      return reply(langs, sizeof langs);
    }
    if (type == 3 && idx <= cfg_.strings.size()) {
      const std::string &str = cfg_.strings[idx - 1];
      std::vector<uint8_t> sd{uint8_t(2 + 2 * str.size()), 3};
      for (char c : str) {
        sd.push_back((uint8_t)c);
        sd.push_back(0);
      }
      return reply(sd.data(), sd.size());
    }
  }
  if (s.bmRequestType == 0x80 && s.bRequest == 0x00) {  // GET_STATUS
    static const uint8_t st[2] = {0, 0};
    return reply(st, 2);
  }
  return -EPIPE;  // stall
}

bool Device::run_urb(Urb &u) {
  auto *urb = reinterpret_cast<usbdevfs_urb *>(u.urb->data);
  uint8_t *buf = u.buf ? u.buf->data : nullptr;  // local copy, synced back on reap
  int r;
  if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
    if (urb->buffer_length < 8) {
      r = -EINVAL;
      goto done;
    }
    Setup s;
    s.bmRequestType = buf[0];
    s.bRequest = buf[1];
    s.wValue = buf[2] | (buf[3] << 8);
    s.wIndex = buf[4] | (buf[5] << 8);
    s.wLength = buf[6] | (buf[7] << 8);
    r = control(s, buf + 8);
    if (r >= 0 && !(s.bmRequestType & 0x80)) r = s.wLength;
  } else if (urb->endpoint & 0x80) {
    r = bulk_in(urb->endpoint, buf, urb->buffer_length);
  } else {
    r = bulk_out(urb->endpoint, buf, urb->buffer_length);
  }
done:
  if (unplugged_) return true;  // the hook called unplug(): URB already failed with -ESHUTDOWN
  if (r == kNak) return false;
  urb->status = r < 0 ? r : 0;
  urb->actual_length = r < 0 ? 0 : r;
  return true;
}

void Device::process() {
  uint32_t blocked = 0;  // keep per-endpoint ordering of pending URBs
  for (size_t i = 0; i < inflight_.size() && !unplugged_;) {
    Urb u = inflight_[i];
    auto *urb = reinterpret_cast<usbdevfs_urb *>(u.urb->data);
    uint32_t bit = 1u << ((urb->endpoint & 0x0f) | ((urb->endpoint & 0x80) >> 3));
    bool finished = !(blocked & bit) && run_urb(u);
    if (unplugged_) return;  // a hook called unplug(), which already moved inflight_
    if (finished) {
      completed_.push_back(u);
      inflight_.erase(inflight_.begin() + i);
    } else {
      blocked |= bit;
      ++i;
    }
  }
}

gboolean Device::on_handle_ioctl(UMockdevIoctlBase *, UMockdevIoctlClient *client, gpointer self) {
  return static_cast<Device *>(self)->handle_ioctl(client);
}

gboolean Device::handle_ioctl(UMockdevIoctlClient *client) {
  std::lock_guard<std::recursive_mutex> lk(mutex_);
  const gulong req = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);  // transfer none
  auto done = [client](long res, int err) {
    umockdev_ioctl_client_complete(client, res, err);  // also syncs resolved data back
    return TRUE;
  };
  n_ioctls++;

  if (unplugged_ && req != USBDEVFS_REAPURBNDELAY && req != USBDEVFS_REAPURB) return done(-1, ENODEV);

  switch (req) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData *d = resolve(arg, 0, sizeof(uint32_t));
      std::memcpy(d->data, &cfg_.caps, sizeof(uint32_t));
      g_object_unref(d);  // the arg keeps it until complete() has synced it
      return done(0, 0);
    }
    case USBDEVFS_GET_SPEED:
      return done(3 /* USB_SPEED_HIGH */, 0);
    case USBDEVFS_CONNECTINFO: {
      UMockdevIoctlData *d = resolve(arg, 0, sizeof(usbdevfs_connectinfo));
      auto *ci = reinterpret_cast<usbdevfs_connectinfo *>(d->data);
      ci->devnum = cfg_.devnum;
      ci->slow = 0;
      g_object_unref(d);
      return done(0, 0);
    }
    case USBDEVFS_CLAIMINTERFACE: {
      const int err = claim_interface();
      return err ? done(-1, err) : done(0, 0);
    }
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_DISCONNECT_CLAIM:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_RESET:
      return done(0, 0);
    case USBDEVFS_GETDRIVER:
    case USBDEVFS_IOCTL:  // no kernel driver bound
      return done(-1, ENODATA);

    case USBDEVFS_SUBMITURB: {
      n_submits++;
      Urb u;
      u.urb = resolve(arg, 0, sizeof(usbdevfs_urb));
      auto *urb = reinterpret_cast<usbdevfs_urb *>(u.urb->data);
      if (urb->type == USBDEVFS_URB_TYPE_ISO) {
        release(u);
        return done(-1, EINVAL);
      }
      if (urb->buffer_length > 0) u.buf = resolve(u.urb, offsetof(usbdevfs_urb, buffer), urb->buffer_length);
      inflight_.push_back(u);
      process();
      return done(0, 0);
    }
    case USBDEVFS_REAPURB:  // libusb only uses NDELAY; blocking reap not modelled
    case USBDEVFS_REAPURBNDELAY: {
      n_reaps++;
      if (completed_.empty()) return done(-1, unplugged_ ? ENODEV : EAGAIN);
      Urb u = completed_.front();
      completed_.pop_front();
      // arg -> client's "struct usbdevfs_urb *" variable: point it at the
      // reaped URB; complete() writes URB (status, actual_length) and buffer
      // back into the client and translates the pointer.
      UMockdevIoctlData *p = resolve(arg, 0, sizeof(void *));
      umockdev_ioctl_data_set_ptr(p, 0, u.urb);
      g_object_unref(p);
      release(u);
      return done(0, 0);
    }
    case USBDEVFS_DISCARDURB: {  // arg is the client's URB address itself
      n_discards++;
      gulong addr = *reinterpret_cast<gulong *>(arg->data);
      for (auto it = inflight_.begin(); it != inflight_.end(); ++it) {
        if (it->urb->client_addr == addr) {
          reinterpret_cast<usbdevfs_urb *>(it->urb->data)->status = -ENOENT;
          completed_.push_back(*it);
          inflight_.erase(it);
          return done(0, 0);
        }
      }
      return done(-1, EINVAL);  // already completed
    }
    default:
      std::fprintf(stderr, "usbemu: unhandled ioctl 0x%lx\n", req);
      return done(-1, ENOTTY);
  }
}

}  // namespace reef::test::usbemu
