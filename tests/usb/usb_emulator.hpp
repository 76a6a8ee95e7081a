// usbemu::Device: a live software USB device for umockdev (0.16+), the test-only half of the emulated board
// (adapted from ../shared/docs/reference/umockdev_examples; see umockdev_libusb.md there).
//
// One usbemu::Device = one /dev/bus/usb/BBB/DDD node + sysfs device in a
// UMockdevTestbed.  A UMockdevIoctlBase "handle-ioctl" handler implements the
// usbdevfs ioctls libusb uses (GET_CAPABILITIES, CLAIM/RELEASEINTERFACE,
// SUBMITURB, REAPURB[NDELAY], DISCARDURB, ...) and calls the virtual model
// hooks below, so the reply to every transfer is computed at run time.
//
// Threading: umockdev runs the handler in its own "umockdev-testbed-worker"
// thread (private GMainContext) of the process that owns the testbed.  The
// hooks run there with mutex() held.  unplug()/kick() and your own accessors
// may be called from any thread (take mutex() when touching model state).
// Never hold mutex() while calling libusb (the worker would deadlock).
#pragma once

#include <umockdev.h>

#include <cerrno>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace reef::test::usbemu {

struct Setup {
  uint8_t bmRequestType, bRequest;
  uint16_t wValue, wIndex, wLength;
};

// Returned by a hook to leave the URB in flight (device NAKs; libusb times
// out, or a later kick() completes it).
constexpr int kNak = -EAGAIN;

// Make sure libumockdev-preload is loaded: if LD_PRELOAD lacks it, append it and re-exec /proc/self/exe (once).  Call
// first thing in main(). (Checks LD_PRELOAD rather than umockdev_in_mock_environment(): that one caches its first
// answer, and before a testbed exists it says FALSE, which then silently disables the "add" uevents of
// add_device()/add_from_string().)
void ensure_preload(char **argv);

class Device {
 public:
  struct Config {
    std::string syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1";
    unsigned busnum = 1, devnum = 2;
    std::vector<uint8_t> descriptors;  // device descriptor + config descriptor(s)
    std::vector<std::string> strings;  // string descriptors 1..N (ASCII)
    // caps reported by USBDEVFS_GET_CAPABILITIES; with BULK_SCATTER_GATHER
    // libusb submits each bulk transfer as one URB.
    uint32_t caps = 0x1f;  // ZERO_PACKET|BULK_CONTINUATION|NO_PACKET_SIZE_LIM|
                           // BULK_SCATTER_GATHER|REAP_AFTER_DISCONNECT
    // Back the /dev node with a pty instead of a plain file, so unplug()
    // can hang it up and libusb's poll() sees POLLERR (the kernel's
    // disconnect signal).  See the SIGHUP note in unplug().
    bool pty_node = true;
  };

  Device(UMockdevTestbed *testbed, Config cfg);
  virtual ~Device();
  Device(const Device &) = delete;
  Device &operator=(const Device &) = delete;

  // Create sysfs dir + /dev node + ioctl handler; emits an "add" uevent when
  // the calling process runs under libumockdev-preload.
  void plug();
  // Simulate a hot-unplug: in-flight URBs complete with -ESHUTDOWN
  // (-> LIBUSB_TRANSFER_NO_DEVICE), later ioctls fail with ENODEV, the pty
  // is hung up (POLLERR), a "remove" uevent is sent and sysfs is removed.
  // Thread-safe; may also be called from a model hook.
  void unplug();
  // Re-offer in-flight URBs to the model (after changing model state from
  // another thread, e.g. queueing IN data).  Thread-safe.
  void kick();

  std::string devnode() const;  // /dev/bus/usb/BBB/DDD
  const std::string &syspath() const { return cfg_.syspath; }
  std::recursive_mutex &mutex() { return mutex_; }
  // Counters (read under mutex()).
  unsigned long n_ioctls = 0, n_submits = 0, n_reaps = 0, n_discards = 0;

 protected:
  // Model hooks; run in umockdev's worker thread with mutex() held.
  // Return bytes transferred (>= 0), kNak to keep the URB pending, or a
  // negative errno used as URB status (-EPIPE = stall).
  virtual int bulk_out(uint8_t ep, const uint8_t *data, size_t len) = 0;
  virtual int bulk_in(uint8_t ep, uint8_t *buf, size_t maxlen) = 0;
  // data: wLength bytes (OUT: payload to consume, IN: reply to fill).
  // Default: standard GET_DESCRIPTOR / GET_STATUS from cfg_, else stall.
  virtual int control(const Setup &s, uint8_t *data);
  // USBDEVFS_CLAIMINTERFACE: 0, or an errno (EBUSY: claimed by another program).
  virtual int claim_interface() { return 0; }

  Config cfg_;

 private:
  struct Urb {
    UMockdevIoctlData *urb = nullptr;  // client's struct usbdevfs_urb (local copy)
    UMockdevIoctlData *buf = nullptr;  // its buffer (local copy), may be null
  };
  static gboolean on_handle_ioctl(UMockdevIoctlBase *, UMockdevIoctlClient *, gpointer self);
  gboolean handle_ioctl(UMockdevIoctlClient *client);
  bool run_urb(Urb &u);  // true = finished (moved to completed_ by caller)
  void process();        // try all in-flight URBs in order
  static void release(Urb &u);

  UMockdevTestbed *tb_;
  UMockdevIoctlBase *handler_ = nullptr;
  std::recursive_mutex mutex_;
  std::deque<Urb> inflight_, completed_;
  bool plugged_ = false, unplugged_ = false;
  int pty_master_ = -1;
};

}  // namespace reef::test::usbemu
