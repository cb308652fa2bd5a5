import { type FormEvent } from 'react';
import { ErrorNote, Field } from '../components/ui';
import { graphql } from '../lib/graphql';
import { useMutation } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';

const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      expiresAt
    }
  }
`);

const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      expiresAt
    }
  }
`);

export function LoginPage() {
  const { signIn } = useSession();
  const { query } = useLocation();
  const login = useMutation(LOGIN);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const data = await login.run({ email: String(f.get('email')), password: String(f.get('password')) });
    if (data) {
      await signIn();
      navigate(query.get('next') ?? '/');
    }
  };
  return (
    <section aria-labelledby="login-title" className="narrow">
      <h1 id="login-title">Sign in</h1>
      <form onSubmit={submit} className="form">
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <ErrorNote error={login.error} />
        <button type="submit" disabled={login.pending}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>.
      </p>
    </section>
  );
}

export function RegisterPage() {
  const { signIn } = useSession();
  const register = useMutation(REGISTER);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const data = await register.run({
      input: { name: String(f.get('name')), email: String(f.get('email')), password: String(f.get('password')) },
    });
    if (data) {
      await signIn();
      navigate('/account');
    }
  };
  return (
    <section aria-labelledby="register-title" className="narrow">
      <h1 id="register-title">Create an account</h1>
      <form onSubmit={submit} className="form">
        <Field label="Name" name="name" autoComplete="name" required />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters; a few unusual words make a strong one."
          error={register.error?.field === 'password' ? register.error.message : undefined}
        />
        {register.error?.field !== 'password' && <ErrorNote error={register.error} />}
        <button type="submit" disabled={register.pending}>
          Create account
        </button>
      </form>
    </section>
  );
}
