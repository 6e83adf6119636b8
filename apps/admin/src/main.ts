import { mount } from 'svelte';
import App from './App.svelte';
import { HttpAdminApi } from './lib/api.js';
import './global.css';

mount(App, { target: document.getElementById('app')!, props: { api: new HttpAdminApi() } });
