// The tests' sshd is the bench's (bench/sshd.ts): one starter for both.
export * from '../../bench/sshd.js';
