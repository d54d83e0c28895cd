/**
 * The retvals the emulator's handlers give, as VPP 26.06 names them (errors.json).
 *
 * | retval | name                            | given by                                       |
 * |--------|---------------------------------|------------------------------------------------|
 * | -1     | UNSPECIFIED                     | a handler that failed (an emulator bug: see its log) |
 * | -2     | INVALID_SW_IF_INDEX             | any call naming an interface that is not there  |
 * | -3     | NO_SUCH_FIB                     | ip_route_add_del / ip_route_lookup / sw_interface_set_table naming a table never created |
 * | -6     | NO_SUCH_ENTRY                   | ip_route_lookup that matches no route (exact)   |
 * | -7     | INVALID_VALUE                   | sw_interface_set_interface_name: empty, or another interface's name |
 * | -9     | UNIMPLEMENTED                   | every request the emulator does not carry out (docs/emulator.md); sw_interface_set_mac_address on local0 |
 * | -30    | FEATURE_DISABLED                | hw_interface_set_mtu on an interface that is not Ethernet (local0) |
 * | -31    | INVALID_REGISTRATION            | want_* enabling twice or disabling when off; a loopback instance in use |
 * | -52    | NO_PATHS_IN_ROUTE               | ip_route_add_del with n_paths = 0               |
 * | -60    | ADDRESS_NOT_FOUND_FOR_INTERFACE | deleting an address the interface lacks         |
 * | -65    | NO_SUCH_TABLE                   | ip_path_mtu_update into a table never created   |
 * | -114   | ADDRESS_FOUND_FOR_INTERFACE     | sw_interface_set_table while the interface has addresses of that family |
 * | -159   | API_ENDIAN_FAILED               | get_f64_endian_value given anything but 1.0     |
 * | -165   | EAGAIN                          | a modern stream with more left: resend from `cursor` |
 */
export const RV = {
  OK: 0,
  UNSPECIFIED: -1,
  INVALID_SW_IF_INDEX: -2,
  NO_SUCH_FIB: -3,
  NO_SUCH_ENTRY: -6,
  INVALID_VALUE: -7,
  UNIMPLEMENTED: -9,
  FEATURE_DISABLED: -30,
  INVALID_REGISTRATION: -31,
  NO_PATHS_IN_ROUTE: -52,
  ADDRESS_NOT_FOUND_FOR_INTERFACE: -60,
  NO_SUCH_TABLE: -65,
  ADDRESS_FOUND_FOR_INTERFACE: -114,
  API_ENDIAN_FAILED: -159,
  EAGAIN: -165,
} as const;

/** `~0`: "none" / "all" in u32 fields (sw_if_index filters, stream cursors at the end). */
export const NONE_U32 = 0xffff_ffff;
